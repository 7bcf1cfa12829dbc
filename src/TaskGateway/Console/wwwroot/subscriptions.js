import { h, replace, time } from './dom.js';
import { api, v1 } from './api.js';
import { errorBox } from './errors.js';
import { consoleHref } from './collection.js';
import { collectionOf } from './sources.js';

const MAX_PAGES = 20;

async function listAll(signal) {
  const all = [];
  let token = '';
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api(`/v1/subscriptions?pageSize=100${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`, { signal });
    all.push(...(page.subscriptions ?? []));
    token = page.nextPageToken ?? '';
    if (!token) break;
  }

  return all;
}

function delivery(last) {
  if (!last || !last.eventId) return h('span', { class: 'muted' }, 'none yet');
  const status = last.httpStatus ? ` HTTP ${last.httpStatus}` : '';
  return h('span', {}, `${last.outcome ?? ''}${status}, ${last.attempts ?? 0} attempts `, time(last.time), last.error ? h('div', { class: 'muted' }, last.error) : null);
}

/** The console page of a target: the task itself, or the collection of a parent (its source's collection id). */
function targetHref(target, sources) {
  const segments = target.split('/');
  const source = sources.find((s) => s.alias === segments[1]);
  const parent = source?.listParentPattern?.split('/');
  const isParent = parent && parent.length === segments.length && parent.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
  return consoleHref(isParent ? `${target}/${collectionOf(source)}` : target);
}

function row(subscription, sources, onDelete) {
  const remove = h('button', { type: 'button', class: 'delete secondary', 'aria-label': `Delete ${subscription.name}` }, 'Delete');
  remove.addEventListener('click', () => onDelete(subscription, remove));
  const condition = subscription.until ? `until ${subscription.until}` : subscription.filter ? `filter ${subscription.filter}` : '—';
  return h('tr', { 'data-name': subscription.name },
    h('th', { scope: 'row' }, h('code', { title: subscription.name }, subscription.name.split('/').at(-1)),
      h('span', { class: 'sub-created' }, 'created ', time(subscription.createTime))),
    h('td', { class: 'wrap' }, h('a', { href: targetHref(subscription.target, sources) }, subscription.target)),
    h('td', { class: 'wrap' }, condition),
    h('td', { class: 'wrap' }, h('code', {}, subscription.sink?.uri ?? ''), ' ', h('span', { class: 'muted' }, subscription.sink?.contentMode ?? '')),
    h('td', {}, h('span', { class: 'badge', 'data-state': subscription.state ?? '' }, subscription.state ?? '')),
    h('td', { class: 'wrap' }, delivery(subscription.lastDelivery)),
    h('td', {}, remove));
}

function createForm(onCreate) {
  const field = (id, label, attrs = {}) => h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, autocomplete: 'off', spellcheck: 'false', ...attrs }));
  const form = h('form', { id: 'subscription-form', class: 'card' },
    field('sub-target', 'Target: a task name or a collection parent', { required: true, placeholder: 'sources/clouddc/projects/…/instances/…/status' }),
    field('sub-until', 'Until (task targets)', { placeholder: 'done = true' }),
    field('sub-filter', 'Filter (collection targets)', { placeholder: 'state = FAILED' }),
    field('sub-sink', 'Sink URI (https)', { required: true, type: 'url', placeholder: 'https://example.com/hooks/tasks' }),
    h('div', { class: 'field' }, h('label', { for: 'sub-content-mode' }, 'Content mode'),
      h('select', { id: 'sub-content-mode', name: 'sub-content-mode' },
        h('option', { value: 'STRUCTURED' }, 'Structured (CloudEvents JSON)'), h('option', { value: 'BINARY' }, 'Binary (CloudEvents headers)'))),
    h('button', { type: 'submit' }, 'Create'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (id) => form.querySelector(`#${id}`).value.trim();
    const subscription = { target: value('sub-target'), sink: { uri: value('sub-sink'), contentMode: value('sub-content-mode') } };
    if (value('sub-until')) subscription.until = value('sub-until');
    if (value('sub-filter')) subscription.filter = value('sub-filter');
    onCreate(subscription, form);
  });
  return form;
}

/** `/console/subscriptions`: push subscriptions of this caller: list, create, delete. */
export async function subscriptionsPage(context) {
  const { main, signal } = context;
  context.setTitle('Subscriptions');
  const listArea = h('div', {});
  const formErrors = h('div', {});
  const created = h('div', {});
  const tbody = h('tbody', {});

  const load = async () => {
    try {
      const [list, sources] = await Promise.all([listAll(signal), context.sources(signal).catch(() => [])]);
      replace(tbody, list.map((s) => row(s, sources, remove)));
      replace(listArea, list.length ? null : h('p', { class: 'muted' }, 'No subscriptions yet.'));
    } catch (error) {
      if (error?.name === 'AbortError') return;
      if (error.needsCredential) { context.fail(error); return; }
      replace(tbody);
      replace(listArea, errorBox(error, 'The subscriptions could not be listed'));
    }
  };

  async function remove(subscription, button) {
    button.disabled = true;
    try {
      await api(v1(subscription.name), { method: 'DELETE', signal });
      tbody.querySelector(`tr[data-name="${CSS.escape(subscription.name)}"]`)?.remove();
      replace(listArea, tbody.rows.length ? null : h('p', { class: 'muted' }, 'No subscriptions yet.'));
    } catch (error) {
      button.disabled = false;
      if (error?.name !== 'AbortError') replace(listArea, errorBox(error, `${subscription.name} could not be deleted`));
    }
  }

  const form = createForm(async (subscription, source) => {
    replace(formErrors);
    replace(created);
    try {
      const made = await api('/v1/subscriptions', { method: 'POST', body: subscription, signal });
      replace(created, h('p', { class: 'card' }, `Created ${made.name}. Its signing secret, shown once: `,
        h('code', { id: 'sub-secret', class: 'secret' }, made.sink?.secret ?? '')));
      source.reset();
      await load();
    } catch (error) {
      if (error?.name === 'AbortError') return;
      if (error.needsCredential) context.fail(error);
      else replace(formErrors, errorBox(error, 'The subscription was not created'));
    }
  });

  replace(main,
    h('h1', {}, 'Subscriptions'),
    h('p', {}, 'Webhooks the gateway sends when a task or a collection matches (see the README\u2019s Push section).'),
    h('div', { class: 'table-wrap' },
      h('table', { id: 'subscriptions' },
        h('thead', {}, h('tr', {}, ['Subscription', 'Target', 'Until / filter', 'Sink', 'State', 'Last delivery', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        tbody)),
    listArea,
    h('h2', {}, 'New subscription'),
    created, formErrors, form);
  await load();
}
