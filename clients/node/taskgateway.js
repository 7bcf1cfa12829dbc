'use strict';
// A TaskService client for Node.js: loads protos/taskgateway/v1 from this repository with @grpc/proto-loader.
// google/api and google/rpc come from the directory .ci/buf-deps.sh fills (.buf-deps); the google/protobuf
// well-known types ship with proto-loader.
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const root = path.resolve(__dirname, '..', '..');

function loadTaskService(extraIncludeDirs = []) {
  const definition = protoLoader.loadSync(path.join(root, 'protos', 'taskgateway', 'v1', 'task_service.proto'), {
    includeDirs: [path.join(root, 'protos'), path.join(root, '.buf-deps'), ...extraIncludeDirs],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).taskgateway.v1.TaskService;
}

// address: host:port of the gateway's gRPC (h2c) endpoint; apiKey: sent as x-api-key when given.
function createClient(address, { apiKey } = {}) {
  const TaskService = loadTaskService();
  const client = new TaskService(address, grpc.credentials.createInsecure());
  const metadata = () => {
    const m = new grpc.Metadata();
    if (apiKey) m.set('x-api-key', apiKey);
    return m;
  };
  return {
    raw: client,
    getTask: (name) => new Promise((resolve, reject) =>
      client.getTask({ name }, metadata(), (err, res) => (err ? reject(err) : resolve(res.task)))),
    listTasks: (parent, pageSize, pageToken = '', filter = '') => new Promise((resolve, reject) =>
      client.listTasks({ parent, pageSize, pageToken, filter }, metadata(), (err, res) => (err ? reject(err) : resolve(res)))),
    // Calls onEvent for each event; resolves with the done task, or rejects with the stream's error.
    watchTask: (name, onEvent = () => {}) => new Promise((resolve, reject) => {
      const call = client.watchTask({ name }, metadata());
      let last = null;
      call.on('data', (e) => {
        onEvent(e);
        if (e.task) last = e.task;
      });
      call.on('error', reject);
      call.on('end', () => resolve(last));
    }),
    // Push subscriptions. A target is a task name (one event, when it matches until; default done = true) or a
    // collection parent (an event per change of a task matching filter). Resolves with the subscription, whose
    // sink.secret the gateway returns this once: keep it to verify each event's webhook-signature.
    createSubscription: (target, sinkUri, { until = '', filter = '', secret = '', binary = false } = {}) => new Promise((resolve, reject) =>
      client.createSubscription({
        subscription: {
          target,
          until,
          filter,
          sink: { uri: sinkUri, secret, contentMode: binary ? 'CONTENT_MODE_BINARY' : 'CONTENT_MODE_UNSPECIFIED' },
        },
      }, metadata(), (err, res) => (err ? reject(err) : resolve(res.subscription)))),
    getSubscription: (name) => new Promise((resolve, reject) =>
      client.getSubscription({ name }, metadata(), (err, res) => (err ? reject(err) : resolve(res.subscription)))),
    // One page: { subscriptions, nextPageToken }; nextPageToken is empty on the last page.
    listSubscriptions: (pageSize = 0, pageToken = '') => new Promise((resolve, reject) =>
      client.listSubscriptions({ pageSize, pageToken }, metadata(), (err, res) => (err ? reject(err) : resolve(res)))),
    deleteSubscription: (name) => new Promise((resolve, reject) =>
      client.deleteSubscription({ name }, metadata(), (err) => (err ? reject(err) : resolve()))),
    close: () => client.close(),
  };
}

module.exports = { createClient, loadTaskService };
