import { h, replace } from './dom.js';

export async function taskPage(context, what) {
  const id = what.name.split('/').at(-1);
  context.setTitle(id);
  replace(context.main, h('h1', {}, id), h('p', {}, what.name));
}
