import { h, replace } from './dom.js';
import { ApiError } from './api.js';
import { errorBox } from './errors.js';
import { collectionPage } from './collection.js';
import { taskPage } from './task.js';

/** Whether a name's segments fit a pattern's ({variable} matches any one segment). */
function fits(segments, pattern) {
  const parts = pattern.split('/');
  return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) ? segments[i].length > 0 : p === segments[i]);
}

/** What a console path names: a task, a collection (parent + collection id), or nothing the sources know. */
export function classify(path, sources) {
  const segments = path.split('/');
  const source = sources.find((s) => s.alias === segments[1]);
  if (source) {
    if (fits(segments, source.taskNamePattern)) return { type: 'task', name: path };
    const pattern = source.taskNamePattern.split('/');
    const collection = pattern[pattern.length - 2];
    if (source.listParentPattern && segments.at(-1) === collection && fits(segments.slice(0, -1), source.listParentPattern)) {
      return { type: 'collection', parent: segments.slice(0, -1).join('/'), collection };
    }

    return null;
  }

  return { type: 'unknown-source', alias: segments[1] ?? '' };
}

/** `/console/{parent}/{collection}` or `/console/{name}`. */
/** A path or alias from the address bar, shortened before it is shown back. */
function shown(text) {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

export async function resourcePage(context) {
  const path = context.url.pathname.slice('/console/'.length).split('/').map(decodeURIComponent).join('/');
  const what = path.startsWith('sources/') ? classify(path, await context.sources(context.signal)) : null;
  if (what?.type === 'collection') return collectionPage(context, what);
  if (what?.type === 'task') return taskPage(context, what);

  context.setTitle('Not found');
  const known = what?.type === 'unknown-source' ? (await context.sources(context.signal)).map((s) => s.alias) : [];
  const error = what?.type === 'unknown-source'
    // As the API says it (ErrorInfo SOURCE_NOT_FOUND), before any call: no route exists to ask it with this name.
    ? new ApiError({ code: 'NOT_FOUND', reason: 'SOURCE_NOT_FOUND', message: `No source '${shown(what.alias)}' is configured; the sources are: ${known.join(', ') || 'none'}.` })
    : new ApiError({ code: 'NOT_FOUND', message: `No console page for '${shown(path)}': it names no task or collection of a configured source.` });
  replace(context.main, h('h1', {}, 'Not found'), errorBox(error), h('p', {}, h('a', { href: '/' }, 'Back to the sources')));
}
