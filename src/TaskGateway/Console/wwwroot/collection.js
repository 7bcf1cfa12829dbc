import { h, replace } from './dom.js';

export async function collectionPage(context, what) {
  context.setTitle('Tasks');
  replace(context.main, h('h1', {}, 'Tasks'), h('p', {}, what.parent));
}
