// Opens N NDJSON watch streams on one task and counts events per stream until every stream ends.
const http = require('http');
const n = Number(process.argv[2] || 1000);
const path = process.argv[3];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
let ended = 0, events = 0, heartbeats = 0, errors = 0, doneSeen = 0;
const started = Date.now();
for (let i = 0; i < n; i++) {
  http.get({ host: '127.0.0.1', port: 5080, path, agent }, res => {
    let buf = '';
    res.on('data', d => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
        if (!line) continue;
        const e = JSON.parse(line);
        if (e.code) { errors++; continue; }
        if (e.type === 'HEARTBEAT') heartbeats++; else events++;
        if (e.task && e.task.done) doneSeen++;
      }
    });
    res.on('end', () => { if (++ended === n) report(); });
  }).on('error', () => { errors++; if (++ended === n) report(); });
}
function report() {
  console.log(JSON.stringify({ watchers: n, seconds: (Date.now() - started) / 1000, events, perWatcher: events / n, heartbeats, doneSeen, errors }));
  process.exit(0);
}
