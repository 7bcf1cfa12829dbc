// Calls to the gateway's own REST API with the caller's credential, and its errors as google.rpc.Status.

const STORAGE_KEY = 'taskgateway.console.credential';

/** google.rpc.Code names by number (the REST API sends the number). */
export const CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL',
  'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

/** A gateway error: its code name, ErrorInfo reason and metadata, message and field violations. */
export class ApiError extends Error {
  constructor({ code, reason = '', message = '', violations = [], metadata = {}, httpStatus = 0 }) {
    super(message || code);
    this.code = code;
    this.reason = reason;
    this.violations = violations;
    this.metadata = metadata;
    this.httpStatus = httpStatus;
  }

  get needsCredential() {
    return this.code === 'UNAUTHENTICATED' && this.reason !== 'UPSTREAM_CALLER_TOKEN_REJECTED' && this.reason !== 'UPSTREAM_TOKEN_REQUIRED';
  }
}

function codeName(code, httpStatus) {
  if (typeof code === 'number') return CODES[code] ?? 'UNKNOWN';
  if (typeof code === 'string' && code) return code.replace(/^STATUS_/, '');
  return httpStatus === 401 ? 'UNAUTHENTICATED' : httpStatus === 404 ? 'NOT_FOUND' : 'UNKNOWN';
}

/** A google.rpc.Status JSON object (or anything else a failed call answered) as an ApiError. */
export function statusError(status, httpStatus = 0) {
  const details = Array.isArray(status?.details) ? status.details : [];
  const info = details.find((d) => String(d['@type'] ?? '').endsWith('google.rpc.ErrorInfo')) ?? {};
  const badRequest = details.find((d) => String(d['@type'] ?? '').endsWith('google.rpc.BadRequest')) ?? {};
  return new ApiError({
    code: codeName(status?.code, httpStatus),
    reason: info.reason ?? '',
    metadata: info.metadata ?? {},
    message: status?.message ?? (httpStatus ? `HTTP ${httpStatus}` : ''),
    violations: (badRequest.fieldViolations ?? []).map((v) => ({ field: v.field ?? '', description: v.description ?? '' })),
    httpStatus,
  });
}

/** The stored credential ({kind: 'apikey'|'bearer', value}) or null. Session storage only: gone with the tab. */
export function credential() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return stored && typeof stored.value === 'string' && stored.value ? stored : null;
  } catch {
    return null;
  }
}

export function setCredential(kind, value) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind: kind === 'bearer' ? 'bearer' : 'apikey', value }));
}

export function clearCredential() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The headers of every call: the credential as x-api-key or Authorization: Bearer. */
export function authHeaders(extra = {}) {
  const headers = { ...extra };
  const stored = credential();
  if (stored?.kind === 'bearer') headers.Authorization = `Bearer ${stored.value}`;
  else if (stored) headers['x-api-key'] = stored.value;
  return headers;
}

/** The REST path of a resource name ("sources/a/..." → "/v1/sources/a/..."), every segment encoded. */
export function v1(name, suffix = '') {
  return '/v1/' + name.split('/').map(encodeURIComponent).join('/') + suffix;
}

async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }

  return statusError(body, response.status);
}

/** A JSON call; throws ApiError for an error status, and ApiError UNAVAILABLE when the gateway cannot be reached. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: authHeaders({ Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError({ code: 'UNAVAILABLE', message: `The gateway cannot be reached (${e?.message ?? e}).` });
  }

  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

export { failure as responseError };
