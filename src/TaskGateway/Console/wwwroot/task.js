import { h, replace, badge, setProgress, percentText, time } from './dom.js';
import { api, v1, statusError } from './api.js';
import { errorBox } from './errors.js';
import { watch } from './sse.js';
import { streamStatus } from './status.js';
import { commandsBlock } from './commands.js';
import { consoleHref } from './collection.js';

/** The normalised fields of a task (CloudTask), in the order shown; snake_case as in the contract. */
const FIELDS = ['state', 'progress_percent', 'done', 'display_name', 'status_message', 'type', 'source_state', 'create_time', 'start_time',
  'update_time', 'end_time', 'schedule_time', 'source', 'kind', 'parent', 'labels', 'etag', 'error'];
const MAX_TIMELINE = 200;
const NORMALISED = new Set(['name', ...FIELDS].map(camel));

function camel(snake) {
  return snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

/** The backend's own record: the one member of the details oneof the task carries (astraTask, dmsScheduledTask, ...). */
export function detailsOf(task) {
  const key = Object.keys(task).find((k) => !NORMALISED.has(k) && task[k] !== null && typeof task[k] === 'object' && !Array.isArray(task[k]));
  return key ? { kind: key, value: task[key] } : null;
}

function fieldValue(field, value) {
  if (field === 'state') return badge(value);
  if (field.endsWith('_time')) return time(value);
  if (field === 'progress_percent') return percentText(value);
  if (field === 'done') return String(value ?? false);
  if (field === 'labels') {
    const entries = Object.entries(value ?? {});
    return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '—';
  }

  if (field === 'parent' && typeof value === 'string' && value.startsWith('sources/')) return h('a', { href: consoleHref(value) }, value);
  if (field === 'error') {
    if (!value) return '—';
    const e = statusError(value);
    return `${e.code}${e.reason ? ` · ${e.reason}` : ''}: ${e.message}`;
  }

  return value === undefined || value === null || value === '' ? '—' : String(value);
}

function renderFields(list, task) {
  const present = FIELDS.filter((f) => f !== 'display_name' || task.displayName !== undefined);
  replace(list, present.map((f) => [h('dt', {}, f), h('dd', { 'data-field': f }, fieldValue(f, task[camel(f)]))]));
}

/** The "wait until" box: a second watch with ?until= that says when the condition matched, or why it cannot. */
function untilBox(name, signal) {
  const input = h('input', { id: 'until', name: 'until', placeholder: 'progress_percent >= 50', autocomplete: 'off', spellcheck: 'false', required: true });
  const result = h('p', { id: 'until-result', role: 'status' });
  const errors = h('div', {});
  const form = h('form', { id: 'until-form', class: 'inline-form' },
    h('div', { class: 'field' }, h('label', { for: 'until' }, 'Wait until (a filter over this task)'), input),
    h('button', { type: 'submit' }, 'Wait'));
  let current = null;
  signal.addEventListener('abort', () => current?.abort(), { once: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const until = input.value.trim();
    let last = null;
    result.dataset.state = 'waiting';
    result.textContent = `Waiting until ${until}…`;
    errors.replaceChildren();
    watch({
      url: `${v1(name, ':watch')}?until=${encodeURIComponent(until)}`,
      signal: controller.signal,
      onEvent: (e) => { if (e.task) last = e.task; },
      onEnd: () => {
        result.dataset.state = 'matched';
        replace(result, 'Matched at ', time(new Date().toISOString()), last ? `: ${last.state}, ${percentText(last.progressPercent)}` : '');
      },
      onError: (error) => {
        const unreachable = error.reason === 'WATCH_CONDITION_UNREACHABLE';
        result.dataset.state = unreachable ? 'unreachable' : 'error';
        result.textContent = unreachable ? `Cannot match any more: ${error.message}` : `${error.code}${error.reason ? ` · ${error.reason}` : ''}: ${error.message}`;
        if (!unreachable) errors.replaceChildren(errorBox(error, 'The wait stopped'));
      },
    });
  });
  return h('section', { 'aria-labelledby': 'until-heading' }, h('h2', { id: 'until-heading' }, 'Wait until'), form, result, errors);
}

/** `/console/{name}`: one task, live through WatchTask. */
export async function taskPage(context, { name }) {
  const { main, signal, config } = context;
  const id = name.split('/').at(-1);
  context.setTitle(id);
  let task;
  try {
    task = await api(v1(name), { signal });
  } catch (error) {
    if (error?.name === 'AbortError' || error.needsCredential) throw error;
    replace(main, h('h1', {}, id), h('p', { class: 'breadcrumb' }, h('code', {}, name)), errorBox(error));
    return;
  }

  const status = streamStatus();
  const fields = h('dl', { id: 'task-fields' });
  const progress = h('progress', { id: 'task-progress', max: '100', 'aria-labelledby': 'task-progress-text' });
  const progressText = h('span', { id: 'task-progress-text', class: 'progress-text' });
  const timeline = h('ol', { id: 'timeline' });
  const details = h('pre', { id: 'details', tabindex: '0' });
  const errors = h('div', { class: 'errors' });
  let lastState = null;
  const show = (t) => {
    task = t;
    renderFields(fields, t);
    setProgress(progress, t.progressPercent);
    progressText.textContent = percentText(t.progressPercent);
    const d = detailsOf(t);
    details.textContent = d ? JSON.stringify(d.value, null, 2) : '{}';
    const state = t.state || 'STATE_UNSPECIFIED';
    if (state !== lastState) {
      lastState = state;
      timeline.append(h('li', { 'data-state': state }, badge(state), ' ', time(t.updateTime ?? new Date().toISOString())));
      // A task that flips state for hours (a CloudDC instance powered on and off) keeps the latest states.
      while (timeline.children.length > MAX_TIMELINE) timeline.firstElementChild.remove();
    }
  };

  // A link to the task's collection where its source lists one (a CloudDC status has no collection).
  const source = (await context.sources(signal)).find((s) => s.alias === name.split('/')[1]);
  const parent = name.split('/').slice(0, -1).join('/');
  const up = source?.supportsList ? h('a', { href: consoleHref(parent) }, parent) : h('code', {}, parent);
  replace(main,
    h('h1', {}, id),
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, 'Sources'), ' / ', up, ' / ', h('code', {}, id)),
    status.element, errors,
    h('div', { class: 'task-grid' },
      h('section', { 'aria-label': 'Fields' }, h('p', {}, progress, ' ', progressText), fields),
      h('section', { 'aria-labelledby': 'timeline-heading' }, h('h2', { id: 'timeline-heading' }, 'Timeline'), timeline)),
    h('h2', {}, 'Name and commands'), h('p', {}, h('code', { id: 'task-name' }, name)), commandsBlock(task.name ?? name, config),
    untilBox(name, signal),
    h('h2', {}, 'Details'), details);
  show(task);

  watch({
    url: v1(name, ':watch'),
    signal,
    onStatus: status.update,
    onEvent: (event) => { if (event.task) show(event.task); },
    onError: (error) => {
      if (error.needsCredential) context.fail(error);
      else replace(errors, errorBox(error, 'The watch of this task stopped'));
    },
  });
}
