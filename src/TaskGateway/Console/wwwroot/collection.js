import { h, replace, badge, setProgress, percentText, setTime } from './dom.js';
import { v1 } from './api.js';
import { errorBox } from './errors.js';
import { watch } from './sse.js';
import { streamStatus } from './status.js';

const PAGE_SIZES = [25, 100, 500, 1000];
const RENDER_INTERVAL_MS = 100;

/** A console link to a resource name, each segment encoded. */
export function consoleHref(name) {
  return '/console/' + name.split('/').map(encodeURIComponent).join('/');
}

function newestFirst(a, b) {
  const at = a.createTime ?? '';
  const bt = b.createTime ?? '';
  return at === bt ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : at < bt ? 1 : -1;
}

// One row built once and cloned: a thousand rows cost a thousand clones, not six thousand createElement calls.
let template = null;

function createRow(task) {
  template ??= h('tr', {},
    h('td', { class: 'name' }, h('a', {})),
    h('td', {}, badge('')),
    h('td', {}, h('progress', { max: '100', 'aria-label': 'Progress' }), h('span', { class: 'progress-text' })),
    h('td', {}),
    h('td', {}),
    h('td', {}));
  const row = template.cloneNode(true);
  row.dataset.name = task.name;
  const link = row.cells[0].firstElementChild;
  link.href = consoleHref(task.name);
  link.title = task.name;
  link.textContent = task.name.split('/').at(-1);
  const entry = { row, progress: row.cells[2].firstElementChild, etag: null };
  updateRow(entry, task);
  return entry;
}

function updateRow(entry, task) {
  const key = `${task.etag}|${task.state}|${task.progressPercent}|${task.updateTime}`;
  if (entry.etag === key) return;
  entry.etag = key;
  const cells = entry.row.cells;
  const state = task.state || 'STATE_UNSPECIFIED';
  entry.row.dataset.state = state;
  const chip = cells[1].firstElementChild;
  chip.dataset.state = state;
  chip.textContent = state;
  setProgress(entry.progress, task.progressPercent);
  cells[2].lastElementChild.textContent = percentText(task.progressPercent);
  cells[3].textContent = task.type ?? '';
  cells[3].title = task.type ?? '';
  setTime(cells[4], task.createTime);
  setTime(cells[5], task.updateTime);
}

/** The page's query: filter, 1-based page and page size (25, 100, 500 or 1000; 100 by default). */
function query(url) {
  const size = Number(url.searchParams.get('pageSize'));
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
  return { filter: url.searchParams.get('filter') ?? '', pageSize: PAGE_SIZES.includes(size) ? size : 100, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

function withQuery(path, { filter, page, pageSize }) {
  const params = new URLSearchParams();
  if (filter) params.set('filter', filter);
  if (page > 1) params.set('page', String(page));
  if (pageSize !== 100) params.set('pageSize', String(pageSize));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** `/console/{parent}/{collection}`: the collection's tasks, kept live through WatchTasks over SSE. */
export async function collectionPage(context, { parent, collection }) {
  const { main, signal } = context;
  const path = context.url.pathname;
  const view = query(context.url);
  context.setTitle('Tasks');

  const tasks = new Map();
  const rows = new Map();
  const status = streamStatus();
  const filterInput = h('input', { id: 'filter', name: 'filter', value: view.filter, placeholder: 'state = RUNNING AND progress_percent >= 50', autocomplete: 'off', spellcheck: 'false' });
  const filterForm = h('form', { id: 'filter-form', class: 'inline-form', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'filter' }, 'Filter (AIP-160, as ListTasks)'), filterInput),
    h('button', { type: 'submit' }, 'Apply'));
  const count = h('p', { id: 'task-count', 'data-count': '0' }, '0 tasks');
  const sizeSelect = h('select', { id: 'page-size', name: 'pageSize' }, PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === view.pageSize }, String(n))));
  const errors = h('div', { class: 'errors' });
  const tbody = h('tbody', {});
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next');
  const pageText = h('span', { 'aria-live': 'polite' }, 'Page 1 of 1');

  replace(main,
    h('h1', {}, 'Tasks'),
    h('p', { class: 'breadcrumb' }, h('a', { href: '/' }, 'Sources'), ' / ', h('code', {}, `${parent}/${collection}`)),
    filterForm,
    h('div', { class: 'toolbar' }, status.element, count,
      h('span', { class: 'field-inline' }, h('label', { for: 'page-size' }, 'Per page '), sizeSelect)),
    errors,
    h('div', { class: 'table-wrap' },
      h('table', { id: 'tasks' },
        h('thead', {}, h('tr', {}, ['Task', 'State', 'Progress', 'Type', 'Created', 'Updated'].map((c) => h('th', { scope: 'col', class: `col-${c.toLowerCase()}` }, c)))),
        tbody)),
    h('nav', { id: 'pager', 'aria-label': 'Pages' }, previous, pageText, next));

  // Renders are batched and at most one per RENDER_INTERVAL_MS while events stream in (a large initial state
  // arrives over many chunks, and each render lays the table out again); the end of the initial state and a
  // quiet stream render at once.
  let timer = null;
  let lastRender = 0;
  const render = () => {
    clearTimeout(timer);
    timer = null;
    lastRender = performance.now();
    const all = [...tasks.values()].sort(newestFirst);
    const pages = Math.max(1, Math.ceil(all.length / view.pageSize));
    const page = Math.min(view.page, pages);
    const slice = all.slice((page - 1) * view.pageSize, page * view.pageSize);
    const shown = new Set(slice.map((t) => t.name));
    for (const [name, entry] of rows) {
      if (!shown.has(name)) {
        entry.row.remove();
        rows.delete(name);
      }
    }

    const fragment = tbody.firstChild ? null : document.createDocumentFragment();
    let cursor = tbody.firstChild;
    for (const task of slice) {
      let entry = rows.get(task.name);
      if (entry) updateRow(entry, task);
      else rows.set(task.name, entry = createRow(task));
      if (fragment) fragment.append(entry.row);
      else if (entry.row === cursor) cursor = cursor.nextSibling;
      else tbody.insertBefore(entry.row, cursor);
    }

    if (fragment) tbody.append(fragment);
    count.dataset.count = String(all.length);
    count.textContent = all.length === 1 ? '1 task' : `${all.length} tasks`;
    pageText.textContent = `Page ${page} of ${pages}`;
    previous.disabled = page <= 1;
    next.disabled = page >= pages;
  };
  const schedule = () => {
    timer ??= setTimeout(render, Math.max(0, lastRender + RENDER_INTERVAL_MS - performance.now()));
  };

  const go = (changes) => {
    Object.assign(view, changes);
    history.pushState(null, '', withQuery(path, view));
    render();
  };
  previous.addEventListener('click', () => go({ page: Math.max(1, view.page - 1) }));
  next.addEventListener('click', () => go({ page: view.page + 1 }));
  sizeSelect.addEventListener('change', () => go({ pageSize: Number(sizeSelect.value), page: 1 }));
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate(withQuery(path, { ...view, filter: filterInput.value.trim(), page: 1 }));
  });

  render();
  let initial = null;
  const watchUrl = v1(`${parent}/${collection}`, ':watch') + (view.filter ? `?filter=${encodeURIComponent(view.filter)}` : '');
  watch({
    url: watchUrl,
    signal,
    onStatus: status.update,
    onReconnect: () => { initial = null; },
    onEvent: (event) => {
      const task = event.task;
      switch (event.type) {
        case 'INITIAL':
          initial ??= new Set();
          initial.add(task.name);
          tasks.set(task.name, task);
          break;
        case 'ADDED':
        case 'MODIFIED':
          tasks.set(task.name, task);
          break;
        case 'REMOVED':
          tasks.delete(task?.name);
          break;
        case 'HEARTBEAT':
          // The end of the initial state: after a reconnect that sent it again, tasks it no longer holds are gone.
          if (initial) for (const name of [...tasks.keys()]) if (!initial.has(name)) tasks.delete(name);
          initial = null;
          render();
          return;
        default:
          return;
      }

      schedule();
    },
    onError: (error) => {
      if (error.needsCredential) context.fail(error);
      else replace(errors, errorBox(error, 'The watch of this collection stopped'));
    },
  });
}
