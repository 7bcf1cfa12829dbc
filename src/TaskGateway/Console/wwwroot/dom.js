// DOM helpers. Every string from the gateway goes through textContent or setAttribute, never innerHTML,
// so data can never become markup or script.

/** Creates an element: attrs maps names to values (class, data-*, aria-*, boolean properties, on* handlers). */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

// The reader's locale; the year only when it is not this year, so the table's time columns stay narrow.
const thisYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
const otherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
const currentYear = new Date().getFullYear();
const dateTime = { format: (date) => (date.getFullYear() === currentYear ? thisYear : otherYear).format(date) };

/** A <time> in the reader's locale, or an em dash when the gateway sent none. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, Number.isNaN(date.getTime()) ? iso : dateTime.format(date));
}

/** Fills an existing <time> (or replaces an em dash) without rebuilding the cell. */
export function setTime(cell, iso) {
  const current = cell.firstElementChild;
  if (current?.tagName === 'TIME' && current.getAttribute('datetime') === iso) return;
  cell.replaceChildren(time(iso));
}

/** Sets a <progress>: a value when known, none (indeterminate) when not. */
export function setProgress(progress, percent) {
  if (typeof percent === 'number') progress.value = Math.max(0, Math.min(100, percent));
  else progress.removeAttribute('value');
}

/** 42% or an em dash. */
export function percentText(percent) {
  return typeof percent === 'number' ? `${Math.round(percent * 10) / 10}%` : '—';
}

/** The state badge. */
export function badge(state) {
  const value = state || 'STATE_UNSPECIFIED';
  return h('span', { class: 'badge', 'data-state': value }, value);
}
