import { h, replace } from './dom.js';

/** `/console/subscriptions`: list, create, delete. */
export async function subscriptionsPage(context) {
  context.setTitle('Subscriptions');
  replace(context.main, h('h1', {}, 'Subscriptions'), h('p', {}, 'Coming in the next commit.'));
}
