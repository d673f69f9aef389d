// Time to a usable table in JavaScript (node): the same 100,000-row answer as Arrow (tableFromIPC, then one pass
// over a column) and as JSON (JSON.parse, then the same pass), taken in turns. Run by bench/clients/run.sh.
// Usage: node arrow.mjs URL AUTHORIZATION BODY RUNS WARMUP
import path from 'node:path';

const { tableFromIPC } = await import(path.resolve('clients/js/node_modules/apache-arrow/Arrow.node.mjs'));
const [url, authorization, body, runs, warmup] = process.argv.slice(2);

async function answer(accept) {
  const r = await fetch(url, { method: 'POST', body, headers: { authorization, accept, 'content-type': 'application/json' } });
  if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
  return r;
}

const kinds = {
  'Arrow → table': async () => {
    const table = tableFromIPC(new Uint8Array(await (await answer('application/vnd.apache.arrow.stream')).arrayBuffer()));
    let orders = 0n;
    for (const v of table.getChild('orders')) orders += v;
    return table.numRows;
  },
  'JSON → rows': async () => {
    const rows = (await (await answer('application/json')).json()).rows;
    let orders = 0;
    for (const row of rows) orders += row[4];
    return rows.length;
  },
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
const json = median(ms['JSON → rows']);
console.log('\n| JavaScript (node), 100,000-row answer | median ms | rows | JSON time / this |\n|---|---|---|---|');
for (const name of Object.keys(kinds)) {
  console.log(`| ${name} | ${median(ms[name]).toFixed(0)} | ${counts[name].toLocaleString('en')} | ${(json / median(ms[name])).toFixed(1)}× |`);
}
