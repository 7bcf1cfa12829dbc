// The TaskGateway console: a client-side router over the REST API. No framework, no build step, no other origin.
import { h, replace } from './dom.js';
import { api, credential, clearCredential, ApiError } from './api.js';
import { errorBox } from './errors.js';
import { credentialsForm } from './auth.js';
import { sourcesPage } from './sources.js';
import { resourcePage } from './resource.js';
import { subscriptionsPage } from './subscriptions.js';

const main = document.getElementById('main');
const signOut = document.getElementById('sign-out');
let config = { grpcPort: 5000, authentication: [], examples: [] };
let sourceList = null;
let current = null;

async function loadConfig() {
  try {
    const response = await fetch('/console/config.json', { cache: 'no-store', credentials: 'omit' });
    if (response.ok) config = { ...config, ...(await response.json()) };
  } catch {
    // The defaults serve: the page still works, only the commands may name the wrong gRPC port.
  }
}

/** The configured sources (GET /v1/sources), read once per credential. */
async function sources(signal) {
  sourceList ??= (await api('/v1/sources', { signal })).sources ?? [];
  return sourceList;
}

function isConsolePath(path) {
  return path === '/' || path === '/console' || (path.startsWith('/console/') && !path.startsWith('/console/assets/') && path !== '/console/config.json');
}

function navigate(url, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render({ focus: true });
}

function setTitle(page) {
  document.title = `${page} · TaskGateway`;
}

/** A page's failure: the sign-in form on a missing or refused credential, the error inline otherwise. */
function fail(context, error, heading) {
  if (error?.name === 'AbortError' || context.signal.aborted) return;
  if (error instanceof ApiError && error.needsCredential) {
    const refused = credential() !== null;
    if (refused) {
      clearCredential();
      sourceList = null;
    }
    setTitle('Sign in');
    replace(main, h('h1', {}, 'Sign in'), errorBox(error, refused ? 'The gateway refused that credential' : 'The gateway needs a credential'),
      credentialsForm(config, () => { sourceList = null; render({ focus: true }); }));
    updateSignOut();
    return;
  }

  replace(main, heading ? h('h1', {}, heading) : null, errorBox(error));
}

function updateSignOut() {
  signOut.hidden = credential() === null;
}

function route(path) {
  if (path === '/' || path === '/console' || path === '/console/') return sourcesPage;
  if (path === '/console/subscriptions') return subscriptionsPage;
  return resourcePage;
}

async function render({ focus = false } = {}) {
  await configReady;
  current?.abort();
  const controller = new AbortController();
  current = controller;
  updateSignOut();
  const context = {
    main, config, signal: controller.signal, navigate, setTitle, sources,
    url: new URL(location.href),
    fail: (error, heading) => fail(context, error, heading),
  };
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    await route(location.pathname)(context);
    if (focus && !controller.signal.aborted) main.focus({ preventScroll: false });
  } catch (error) {
    fail(context, error, 'Error');
  }
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || !isConsolePath(url.pathname)) return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => render());
signOut.addEventListener('click', () => {
  clearCredential();
  sourceList = null;
  render({ focus: true });
});

// Started at once: the first page waits for it (the commands need the gRPC port), later pages do not.
const configReady = loadConfig();
render();
