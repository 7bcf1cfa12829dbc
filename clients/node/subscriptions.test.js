'use strict';
// The client's subscription methods against a stand-in TaskService (the four subscription RPCs, in memory) on a
// real loopback port, over h2c as the gateway serves. Run: node --test clients/node (after npm ci and .ci/buf-deps.sh).
const assert = require('assert');
const { test, before, after, beforeEach } = require('node:test');
const grpc = require('@grpc/grpc-js');
const { createClient, loadTaskService } = require('./taskgateway');

const task = 'sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000004';
const parent = 'sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c';
const sink = 'https://hooks.example.com/tasks';

const state = { stored: [], requests: [], pageTokens: [], apiKeys: [], next: 0 };

function refuse(callback, code, details) {
  callback({ code, details });
}

const standIn = {
  createSubscription: (call, callback) => {
    const s = call.request.subscription;
    state.requests.push(s);
    state.apiKeys.push(call.metadata.get('x-api-key')[0]);
    if (!s.sink.uri.startsWith('https://')) {
      refuse(callback, grpc.status.INVALID_ARGUMENT, 'Invalid request: subscription.sink.uri must be https');
      return;
    }
    state.next += 1;
    const created = {
      ...s,
      name: `subscriptions/${state.next}`,
      state: 'STATE_ACTIVE',
      sink: { ...s.sink, secret: s.sink.secret || `whsec_${Buffer.from(`secret-${state.next}-0123456789abcdef`).toString('base64')}` },
    };
    state.stored.push(created);
    callback(null, { subscription: created });
  },
  getSubscription: (call, callback) => {
    const found = state.stored.find((s) => s.name === call.request.name);
    if (!found) return refuse(callback, grpc.status.NOT_FOUND, `No subscription ${call.request.name}.`);
    return callback(null, { subscription: { ...found, sink: { ...found.sink, secret: '' } } });
  },
  listSubscriptions: (call, callback) => {
    state.pageTokens.push(call.request.pageToken);
    const start = Number(call.request.pageToken || '0');
    const size = call.request.pageSize || 100;
    const page = state.stored.slice(start, start + size).map((s) => ({ ...s, sink: { ...s.sink, secret: '' } }));
    callback(null, { subscriptions: page, nextPageToken: start + size < state.stored.length ? String(start + size) : '' });
  },
  deleteSubscription: (call, callback) => {
    const index = state.stored.findIndex((s) => s.name === call.request.name);
    if (index < 0) return refuse(callback, grpc.status.NOT_FOUND, `No subscription ${call.request.name}.`);
    state.stored.splice(index, 1);
    return callback(null, {});
  },
};

let server;
let client;

before(async () => {
  server = new grpc.Server();
  server.addService(loadTaskService().service, standIn);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  client = createClient(`127.0.0.1:${port}`, { apiKey: 'node-key' });
});

after(() => {
  client.close();
  server.forceShutdown();
});

beforeEach(() => {
  Object.assign(state, { stored: [], requests: [], pageTokens: [], apiKeys: [], next: 0 });
});

test('createSubscription: a task and until, sent with the API key; resolves with the subscription and its secret', async () => {
  const created = await client.createSubscription(task, sink, { until: 'state = SUCCEEDED' });

  const [sent] = state.requests;
  assert.strictEqual(sent.target, task);
  assert.strictEqual(sent.until, 'state = SUCCEEDED');
  assert.strictEqual(sent.filter, '');
  assert.deepStrictEqual([sent.sink.uri, sent.sink.secret, sent.sink.contentMode], [sink, '', 'CONTENT_MODE_UNSPECIFIED']);
  assert.deepStrictEqual(state.apiKeys, ['node-key']);
  assert.strictEqual(created.name, 'subscriptions/1');
  assert.strictEqual(created.state, 'STATE_ACTIVE');
  assert.match(created.sink.secret, /^whsec_/);
});

test('createSubscription: a collection with filter, secret and binary, sent as given', async () => {
  await client.createSubscription(parent, sink, { filter: 'state = FAILED', secret: 'whsec_abc', binary: true });

  const [sent] = state.requests;
  assert.deepStrictEqual([sent.target, sent.filter, sent.until], [parent, 'state = FAILED', '']);
  assert.deepStrictEqual([sent.sink.secret, sent.sink.contentMode], ['whsec_abc', 'CONTENT_MODE_BINARY']);
});

test('createSubscription: the gateway refuses the sink, rejects with INVALID_ARGUMENT and its message', async () => {
  await assert.rejects(client.createSubscription(task, 'http://hooks.example.com/tasks'),
    (err) => err.code === grpc.status.INVALID_ARGUMENT && err.details.includes('subscription.sink.uri'));
  assert.strictEqual(state.stored.length, 0);
});

test('getSubscription, listSubscriptions page by page, deleteSubscription', async () => {
  for (let i = 0; i < 3; i += 1) await client.createSubscription(`${task.slice(0, -1)}${i}`, sink);

  const got = await client.getSubscription('subscriptions/2');
  const first = await client.listSubscriptions(2);
  const second = await client.listSubscriptions(2, first.nextPageToken);
  await client.deleteSubscription('subscriptions/2');

  assert.strictEqual(got.target, `${task.slice(0, -1)}1`);
  assert.strictEqual(got.sink.secret, '');
  assert.deepStrictEqual(first.subscriptions.map((s) => s.name), ['subscriptions/1', 'subscriptions/2']);
  assert.deepStrictEqual(second.subscriptions.map((s) => s.name), ['subscriptions/3']);
  assert.strictEqual(second.nextPageToken, '');
  assert.deepStrictEqual(state.pageTokens, ['', '2']);
  assert.deepStrictEqual(state.stored.map((s) => s.name), ['subscriptions/1', 'subscriptions/3']);
  await assert.rejects(client.getSubscription('subscriptions/2'), (err) => err.code === grpc.status.NOT_FOUND);
  await assert.rejects(client.deleteSubscription('subscriptions/2'), (err) => err.code === grpc.status.NOT_FOUND);
});
