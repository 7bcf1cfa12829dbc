import { h } from './dom.js';
import { setCredential } from './api.js';

/**
 * The sign-in form shown on a 401: the credential is kept in sessionStorage (gone when the tab closes) and sent as a
 * header on every call; the page never puts it in a URL, a cookie or local storage.
 */
export function credentialsForm(config, onSignedIn) {
  const accepted = config?.authentication ?? [];
  const kind = h('select', { id: 'credential-kind', name: 'kind' },
    h('option', { value: 'apikey', selected: accepted[0] !== 'jwt' }, 'API key'),
    h('option', { value: 'bearer', selected: accepted[0] === 'jwt' }, 'Bearer token (JWT)'));
  const secret = h('input', { id: 'credential', name: 'credential', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { id: 'credentials', class: 'card' },
    h('h2', {}, 'Sign in'),
    h('p', {}, 'This gateway checks callers. Give an API key or a bearer token: it stays in this tab only (session storage) and is sent as a header on each call.'),
    h('div', { class: 'field' }, h('label', { for: 'credential-kind' }, 'Credential'), kind),
    h('div', { class: 'field' }, h('label', { for: 'credential' }, 'Key or token'), secret),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = secret.value.trim();
    if (!value) return;
    // Headers carry printable ASCII only: anything else would make every call fail before it is sent.
    if (!/^[\x21-\x7e]+$/.test(value)) {
      secret.setCustomValidity('A key or token is printable ASCII without spaces.');
      secret.reportValidity();
      return;
    }

    setCredential(kind.value, value);
    onSignedIn();
  });
  secret.addEventListener('input', () => secret.setCustomValidity(''));
  queueMicrotask(() => secret.focus());
  return form;
}
