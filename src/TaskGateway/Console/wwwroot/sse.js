// Server-Sent Events over fetch (EventSource cannot send the credential header), with a streaming parser,
// resume tokens and reconnection with full-jitter backoff.
import { authHeaders, responseError, statusError, ApiError } from './api.js';

/** Reasons with which the server ends a healthy stream and asks the caller to come back with its last token. */
const RECONNECT_REASONS = new Set(['STREAM_DURATION_EXCEEDED', 'SERVER_SHUTTING_DOWN']);
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;

/** Splits a byte stream into SSE events ({id, event, data}); a partial line waits for the next chunk. */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.id = null;
    this.event = '';
    this.data = [];
  }

  push(text) {
    this.buffer += text;
    // One pass over the buffer with a global regex: no copy of the rest of the buffer per line.
    const newline = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = newline.exec(this.buffer); match; match = newline.exec(this.buffer)) {
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      this.line(this.buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }

    this.buffer = this.buffer.slice(start);
  }

  line(line) {
    if (line === '') {
      if (this.data.length) this.onEvent({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.reset();
      return;
    }

    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

/** Full jitter: a random delay up to min(cap, base × 2^attempt); the first retry comes within about a second. */
export function backoff(attempt, random = Math.random) {
  return Math.floor(random() * Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt));
}

function wait(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

function withToken(url, token) {
  if (!token) return url;
  const target = new URL(url, location.origin);
  target.searchParams.set('resumeToken', token);
  return target.pathname + target.search;
}

/** Whether an error ends the stream for good (shown on the page) or is worth reconnecting for. */
function reconnectable(error) {
  return error instanceof ApiError && (error.network === true || (error.code === 'UNAVAILABLE' && RECONNECT_REASONS.has(error.reason)));
}

/** Reads one connection; resolves 'ended' (closed OK) or throws an ApiError (refused, error event, network drop). */
async function readOnce(url, watch) {
  let response;
  try {
    response = await fetch(url, { headers: authHeaders({ Accept: 'text/event-stream' }), signal: watch.signal, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (watch.signal.aborted) throw e;
    throw Object.assign(new ApiError({ code: 'UNAVAILABLE', message: `The gateway cannot be reached (${e?.message ?? e}).` }), { network: true });
  }

  if (!response.ok) {
    const error = await responseError(response);
    // A proxy's 502/503/504 without a google.rpc.Status body is the way to the gateway failing, not the gateway's answer.
    if (error.code === 'UNKNOWN' && [502, 503, 504].includes(response.status)) error.network = true;
    throw error;
  }

  watch.onOpen();
  let failure = null;
  const parser = new SseParser((event) => {
    if (event.id) watch.token = event.id;
    if (event.event === 'error') {
      let status = null;
      try { status = JSON.parse(event.data); } catch { status = { message: event.data }; }
      failure = statusError(status);
      return;
    }

    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    watch.onEvent(data, event);
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
      if (failure) throw failure;
    }
  } catch (e) {
    if (e instanceof ApiError || watch.signal.aborted) throw e;
    throw Object.assign(new ApiError({ code: 'UNAVAILABLE', message: `The stream was cut (${e?.message ?? e}).` }), { network: true });
  } finally {
    reader.releaseLock?.();
  }

  return 'ended';
}

/**
 * Watches a :watch route until the server ends it OK (onEnd), it fails for good (onError), or the signal aborts.
 * Streams the server ends with UNAVAILABLE (its maximum duration, a shutdown) and network drops reconnect with the
 * last resume token after a backoff; onStatus({state, reconnects, resumed}) reports each step for #stream-status.
 */
export async function watch({ url, signal, onEvent, onStatus = () => {}, onReconnect = () => {}, onEnd = () => {}, onError = () => {} }) {
  const state = { token: null, signal, reconnects: 0, resumed: false, received: false, onEvent: null, onOpen: null };
  const report = (name, error) => onStatus({ state: name, reconnects: state.reconnects, resumed: state.resumed, error });
  state.onOpen = () => report('live');
  state.onEvent = (data, event) => { state.received = true; onEvent(data, event); };
  report('connecting');
  let failures = 0;
  for (;;) {
    state.received = false;
    try {
      await readOnce(withToken(url, state.token), state);
      report('ended');
      onEnd();
      return;
    } catch (error) {
      if (signal.aborted) return;
      if (state.token !== null && error instanceof ApiError && error.violations.some((v) => v.field === 'resume_token')) {
        // The token no longer opens (expired, or a restarted gateway without TaskGateway:PageTokenKey): as the
        // gateway asks, watch again without it; the initial state comes again.
        state.token = null;
        state.resumed = false;
        continue;
      }

      if (!reconnectable(error)) {
        report('failed', error);
        onError(error);
        return;
      }
    }

    // A connection that delivered events starts the backoff again: the next drop retries within a second.
    failures = state.received ? 1 : Math.min(failures + 1, 10);
    report('reconnecting');
    await wait(backoff(failures - 1), signal);
    if (signal.aborted) return;
    state.reconnects += 1;
    state.resumed = state.token !== null;
    onReconnect({ resumed: state.resumed });
  }
}
