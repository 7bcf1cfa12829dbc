import { h } from './dom.js';
import { ApiError } from './api.js';

/** The inline error of the contract: code, reason, message and field violations; never a blank page. */
export function errorBox(error, title = 'The gateway answered with an error') {
  const e = error instanceof ApiError ? error : new ApiError({ code: 'UNKNOWN', message: String(error?.message ?? error) });
  return h('div', { role: 'alert', class: 'error', 'data-code': e.code, 'data-reason': e.reason },
    h('p', { class: 'error-title' }, h('strong', {}, title)),
    h('p', {}, h('span', { class: 'error-code' }, e.code), e.reason ? [' · ', h('span', { class: 'error-reason' }, e.reason)] : null),
    h('p', { class: 'error-message' }, e.message),
    e.violations.length ? h('ul', { class: 'field-violations' },
      e.violations.map((v) => h('li', { 'data-field': v.field }, `${v.field}: ${v.description}`))) : null);
}
