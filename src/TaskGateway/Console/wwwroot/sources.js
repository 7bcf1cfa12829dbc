import { h, replace } from './dom.js';
import { api } from './api.js';
import { errorBox } from './errors.js';

/** The collection id of a source's tasks: the segment before {task} in its task name pattern ("tasks", "scheduledTasks"). */
export function collectionOf(source) {
  const segments = (source.taskNamePattern ?? '').split('/');
  return segments.length >= 2 ? segments[segments.length - 2] : 'tasks';
}

function supports(source) {
  const what = [];
  if (source.supportsGet) what.push('get');
  if (source.supportsList) what.push('list');
  what.push('watch');
  const fields = source.filterFields ?? [];
  return h('div', { class: 'supports' },
    h('span', {}, what.join(' · ')),
    fields.length ? h('details', {}, h('summary', {}, `${fields.length} filter fields`), h('p', { class: 'fields' }, fields.join(', '))) : null);
}

async function health(signal) {
  try {
    const report = await api('/healthz/sources', { signal });
    return new Map((report.sources ?? []).map((s) => [s.alias, s]));
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    return new Map();
  }
}

function sourceRow(source, healthOf) {
  const entry = healthOf.get(source.alias);
  const status = entry?.status ?? 'Unknown';
  return h('tr', { 'data-source': source.alias },
    h('th', { scope: 'row' }, source.alias),
    h('td', {}, h('span', { class: 'health', 'data-health': status }, status),
      entry?.description ? h('div', { class: 'health-why' }, entry.description) : null),
    h('td', {}, h('code', {}, source.kind)),
    h('td', {}, supports(source)),
    h('td', {}, h('code', { class: 'pattern' }, source.taskNamePattern)));
}

/** The variables of the first example collection of this source ({project: '...'}), to prefill its form. */
function exampleValues(pattern, collection, examples) {
  for (const example of examples) {
    const segments = example.path.replace(/^\/console\//, '').split('/');
    if (segments.length !== pattern.length + 1 || segments.at(-1) !== collection) continue;
    if (pattern.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i])) {
      return Object.fromEntries(pattern.map((p, i) => [p.slice(1, -1), segments[i]]).filter((_, i) => /^\{.+\}$/.test(pattern[i])));
    }
  }

  return {};
}

function openForm(source, navigate, examples) {
  const pattern = source.listParentPattern.split('/');
  const collection = collectionOf(source);
  const values = exampleValues(pattern, collection, examples);
  const inputs = pattern.filter((s) => /^\{.+\}$/.test(s)).map((s) => {
    const variable = s.slice(1, -1);
    const id = `open-${source.alias}-${variable}`;
    return { variable, field: h('div', { class: 'field' }, h('label', { for: id }, variable),
      h('input', { id, name: variable, value: values[variable], required: true, pattern: '[A-Za-z0-9_\\-]+', autocomplete: 'off', spellcheck: 'false' })) };
  });
  const form = h('form', { class: 'open-collection', 'data-source': source.alias },
    h('fieldset', {}, h('legend', {}, `${source.alias}: ${collection}`),
      inputs.map((i) => i.field),
      h('button', { type: 'submit' }, 'Open')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const path = pattern.map((s) => /^\{.+\}$/.test(s) ? encodeURIComponent(String(values.get(s.slice(1, -1))).trim()) : s).join('/');
    navigate(`/console/${path}/${collection}`);
  });
  return form;
}

/** `/`: every configured source with its kind, health and what it supports. */
export async function sourcesPage(context) {
  const { main, signal, setTitle, config, navigate } = context;
  setTitle('Sources');
  const [list, healthOf] = await Promise.all([context.sources(signal), health(signal)]);
  const withList = list.filter((s) => s.supportsList && s.listParentPattern);
  const examples = config.examples ?? [];
  replace(main,
    h('h1', {}, 'Sources'),
    h('div', { class: 'table-wrap' },
      h('table', { id: 'sources' },
        h('caption', {}, `${list.length} configured sources`),
        h('thead', {}, h('tr', {}, ['Alias', 'Health', 'Kind', 'Supports', 'Task names'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((s) => sourceRow(s, healthOf))))),
    list.length === 0 ? errorBox(new Error('No source is configured.'), 'Nothing to show') : null,
    withList.length ? h('section', { 'aria-labelledby': 'open-heading' },
      h('h2', { id: 'open-heading' }, 'Open a collection'),
      h('div', { class: 'open-forms' }, withList.map((s) => openForm(s, navigate, examples)))) : null,
    examples.length ? h('section', { 'aria-labelledby': 'examples-heading' },
      h('h2', { id: 'examples-heading' }, 'Live examples (sandbox)'),
      h('ul', { id: 'examples' }, examples.map((e) => h('li', {}, h('a', { href: e.path }, e.label))))) : null);
}
