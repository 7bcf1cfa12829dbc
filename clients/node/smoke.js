'use strict';
// CI's proof that a Node.js service can use the contract: GetTask, ListTasks, WatchTask, ListSubscriptions and
// CreateSubscription's validation against a running gateway serving the sandbox. Usage: node smoke.js 127.0.0.1:5000
const assert = require('assert');
const { createClient } = require('./taskgateway');

const project = '0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b';
const failedAstraTask = 'sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000007';
const dmsParent = `sources/dms/projects/${project}/instances/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`;

async function main() {
  const address = process.argv[2] || '127.0.0.1:5000';
  const client = createClient(address, { apiKey: process.env.TASKGATEWAY_API_KEY });
  try {
    const task = await client.getTask(failedAstraTask);
    assert.strictEqual(task.name, failedAstraTask);
    assert.strictEqual(task.state, 'STATE_FAILED');
    assert.strictEqual(task.done, true);
    console.log(`GetTask   ${task.name} ${task.state}`);

    const page = await client.listTasks(dmsParent, 2);
    assert.strictEqual(page.tasks.length, 2);
    assert.ok(page.nextPageToken.length > 0, 'a next page token');
    const next = await client.listTasks(dmsParent, 2, page.nextPageToken);
    assert.notStrictEqual(next.tasks[0].name, page.tasks[0].name);
    console.log(`ListTasks ${page.tasks.length} + ${next.tasks.length} tasks over two pages`);

    const events = [];
    const done = await client.watchTask(failedAstraTask, (e) => events.push(e.type));
    assert.deepStrictEqual(events, ['WATCH_EVENT_TYPE_INITIAL']);
    assert.strictEqual(done.state, 'STATE_FAILED');
    console.log(`WatchTask ${events.join(',')} then end, final ${done.state}`);

    await assert.rejects(client.getTask('sources/iotda/projects/NOT-HEX/instances/x/tasks/y'), (err) => err.code === 3);
    console.log('GetTask   bad name -> INVALID_ARGUMENT');

    // Push subscriptions without a sink to deliver to: a list, and a creation the gateway must refuse (an http sink
    // whose host is not allowed), so nothing is stored and the gateway is left as it was found.
    const subscriptions = await client.listSubscriptions();
    assert.ok(Array.isArray(subscriptions.subscriptions));
    await assert.rejects(client.createSubscription(failedAstraTask, 'http://hooks.example.invalid/tasks'), (err) => err.code === 3);
    console.log(`ListSubscriptions ${subscriptions.subscriptions.length}; CreateSubscription with an http sink -> INVALID_ARGUMENT`);
    console.log('node client: ok');
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
