// Time to a usable table in JavaScript (node): the same 100,000-row answer as Arrow (tableFromIPC, then one pass
// over a column) and as JSON (JSON.parse, then the same pass), taken in turns; each received with fetch and with
// node:http (fetch, undici, takes several times longer than node:http to receive a body of a few MB, which hides what
// the format costs). Run by bench/clients/run.sh.
// Usage: node arrow.mjs URL AUTHORIZATION BODY RUNS WARMUP
import http from 'node:http';
import path from 'node:path';

const { tableFromIPC } = await import(path.resolve('clients/js/node_modules/apache-arrow/Arrow.node.mjs'));
const [url, authorization, body, runs, warmup] = process.argv.slice(2);

async function answer(accept) {
  const r = await fetch(url, { method: 'POST', body, headers: { authorization, accept, 'content-type': 'application/json' } });
  if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
  return r;
}

/** The body as one Buffer, received with node:http. */
function received(accept) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { authorization, accept, 'content-type': 'application/json' } }, (r) => {
      if (r.statusCode !== 200) reject(new Error(`${r.statusCode}`));
      const chunks = [];
      r.on('data', (chunk) => chunks.push(chunk));
      r.on('end', () => resolve(Buffer.concat(chunks)));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function arrowTable(bytes) {
  const table = tableFromIPC(bytes);
  let orders = 0n;
  for (const v of table.getChild('orders')) orders += v;
  return table.numRows;
}

function jsonRows(rows) {
  let orders = 0;
  for (const row of rows) orders += row[4];
  return rows.length;
}

const kinds = {
  'Arrow → table': async () => arrowTable(new Uint8Array(await (await answer('application/vnd.apache.arrow.stream')).arrayBuffer())),
  'JSON → rows': async () => jsonRows((await (await answer('application/json')).json()).rows),
  'Arrow → table (node:http)': async () => arrowTable(new Uint8Array(await received('application/vnd.apache.arrow.stream'))),
  'JSON → rows (node:http)': async () => jsonRows(JSON.parse((await received('application/json')).toString('utf8')).rows),
};
const ms = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
const counts = {};
for (let i = -Number(warmup); i < Number(runs); i++) {
  for (const [name, run] of Object.entries(kinds)) {
    const started = performance.now();
    counts[name] = await run();
    if (i >= 0) ms[name].push(performance.now() - started);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Each against JSON received the same way.
const json = (name) => median(ms[name.endsWith('(node:http)') ? 'JSON → rows (node:http)' : 'JSON → rows']);
console.log('\n| JavaScript (node), 100,000-row answer | median ms | rows | JSON time / this |\n|---|---|---|---|');
for (const name of Object.keys(kinds)) {
  console.log(`| ${name} | ${median(ms[name]).toFixed(0)} | ${counts[name].toLocaleString('en')} | ${(json(name) / median(ms[name])).toFixed(1)}× |`);
}
