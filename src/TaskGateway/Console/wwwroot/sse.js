// Server-Sent Events over fetch (EventSource cannot send the credential header), with a streaming parser,
// resume tokens and reconnection with full-jitter backoff.
import { authHeaders, responseError, statusError, ApiError } from './api.js';

/** Reasons with which the server ends a healthy stream and asks the caller to come back with its last token. */
const RECONNECT_REASONS = new Set(['STREAM_DURATION_EXCEEDED', 'SERVER_SHUTTING_DOWN']);
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;
const HIDDEN_PAUSE_MS = 30000;
/** An event (or a line) longer than this fails the stream rather than growing the page's memory without bound. */
const MAX_EVENT_CHARS = 1024 * 1024;

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
    this.size = 0;
  }

  push(text) {
    this.buffer += text;
    if (this.buffer.length > MAX_EVENT_CHARS && !/[\r\n]/.test(this.buffer.slice(-MAX_EVENT_CHARS))) {
      throw new ApiError({ code: 'RESOURCE_EXHAUSTED', message: `A stream line is longer than ${MAX_EVENT_CHARS} characters: the stream was stopped.` });
    }

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
    if (field === 'data') {
      this.size += value.length;
      if (this.size > MAX_EVENT_CHARS) throw new ApiError({ code: 'RESOURCE_EXHAUSTED', message: `A stream event is longer than ${MAX_EVENT_CHARS} characters: the stream was stopped.` });
      this.data.push(value);
    }
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

/** Reads one connection; resolves (closed OK) or throws an ApiError (refused, error event, network drop, page failure). */
async function readOnce(url, watch, signal) {
  let response;
  try {
    response = await fetch(url, { headers: authHeaders({ Accept: 'text/event-stream' }), signal, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (signal.aborted) throw e;
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
      failure ??= statusError(status);
      return;
    }

    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    try {
      watch.onEvent(data, event);
    } catch (e) {
      // The page's own failure is not a dropped connection: shown, never retried.
      failure ??= new ApiError({ code: 'INTERNAL', message: `The page failed on a ${data?.type ?? 'stream'} event: ${e?.message ?? e}` });
    }
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  try {
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal.aborted) throw e;
        throw Object.assign(new ApiError({ code: 'UNAVAILABLE', message: `The stream was cut (${e?.message ?? e}).` }), { network: true });
      }

      if (chunk.done) {
        finished = true;
        break;
      }

      parser.push(chunk.value);
      if (failure) throw failure;
    }
  } finally {
    // Close the response when leaving early (an error event, a page failure, an oversized event), not only the lock.
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** Resolves once the tab is visible again (or the page is left). */
function visible(signal) {
  return new Promise((resolve) => {
    if (!document.hidden || signal.aborted) {
      resolve();
      return;
    }

    const done = () => {
      document.removeEventListener('visibilitychange', check);
      resolve();
    };
    const check = () => { if (!document.hidden) done(); };
    document.addEventListener('visibilitychange', check);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Closes the stream of a tab hidden for HIDDEN_PAUSE_MS: the REST port speaks HTTP/1.1, and a browser opens at most
 * six connections to one host across all its tabs, so streams held by tabs nobody looks at would starve a new tab.
 */
function hiddenPause(signal, onPause) {
  let timer = null;
  const onVisibility = () => {
    if (document.hidden) timer ??= setTimeout(onPause, HIDDEN_PAUSE_MS);
    else {
      clearTimeout(timer);
      timer = null;
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  onVisibility();
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

/**
 * Watches a :watch route until the server ends it OK (onEnd), it fails for good (onError), or the signal aborts.
 * Streams the server ends with UNAVAILABLE (its maximum duration, a shutdown) and network drops reconnect with the
 * last resume token after a backoff; a tab hidden for a while lets its stream go and resumes it when shown again.
 * onStatus({state, reconnects, resumed}) reports each step for #stream-status.
 */
export async function watch({ url, signal, onEvent, onStatus = () => {}, onReconnect = () => {}, onEnd = () => {}, onError = () => {} }) {
  const state = { token: null, reconnects: 0, resumed: false, received: false, onEvent: null, onOpen: null };
  const report = (name, error) => onStatus({ state: name, reconnects: state.reconnects, resumed: state.resumed, error });
  state.onOpen = () => report('live');
  state.onEvent = (data, event) => { state.received = true; onEvent(data, event); };
  let connection = null;
  let paused = false;
  const stopPausing = hiddenPause(signal, () => { paused = true; connection?.abort(); });
  const leave = () => connection?.abort();
  signal.addEventListener('abort', leave, { once: true });
  report('connecting');
  let failures = 0;
  try {
    for (;;) {
      state.received = false;
      connection = new AbortController();
      try {
        await readOnce(withToken(url, state.token), state, connection.signal);
        report('ended');
        onEnd();
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (paused) {
          report('reconnecting');
          await visible(signal);
          if (signal.aborted) return;
          paused = false;
          failures = 0;
          state.reconnects += 1;
          state.resumed = state.token !== null;
          onReconnect({ resumed: state.resumed });
          continue;
        }

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
  } finally {
    stopPausing();
    signal.removeEventListener('abort', leave);
  }
}
