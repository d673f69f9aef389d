// Drives Debian's chromium through chromedriver's W3C HTTP API (Node's built-in fetch; no npm package) and
// measures the explorer against a running Tessera. Prints one JSON line per measurement.
//   node bench/web/measure.mjs BASE_URL USER PASSWORD RUNS
// (1) first paint: navigation timing of /ui/ on a small view (first-contentful-paint, DOMContentLoaded, and when
//     the answer's table is on screen), median of RUNS fresh loads;
// (2) a 10,000-cell pivot: the longest main-thread task (Long Tasks API) while it renders, and when all of it is on
//     screen (the table renders in slices; aria-busy is false once the last one is in);
// (3) beside each, the same query through the API alone (fetch in the page), so the page's share is a ratio.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const [base, user, password, runsText] = process.argv.slice(2);
const runs = Number(runsText || 5);
const driverPort = 9515 + Math.floor(Math.random() * 1000);
const driver = spawn('/usr/bin/chromedriver', [`--port=${driverPort}`], { stdio: 'ignore' });
const wd = `http://127.0.0.1:${driverPort}`;

async function call(method, path, body) {
  const r = await fetch(wd + path, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  const json = await r.json();
  if (json.value && json.value.error) throw new Error(`${path}: ${json.value.message}`);
  return json.value;
}

async function newSession() {
  for (let i = 0; i < 50; i++) {
    try { await fetch(wd + '/status'); break; } catch { await sleep(100); }
  }
  const profile = `/tmp/tessera-bench-chromium-${process.pid}`;
  const s = await call('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': {
    binary: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--window-size=1280,800', `--user-data-dir=${profile}`],
  } } } });
  return s.sessionId;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const WAIT_FOR_TABLE = `
  const [minRows, done] = [arguments[0], arguments[arguments.length - 1]];
  const check = () => {
    const t = document.querySelector('table.pivot');
    if (t && t.getAttribute('aria-busy') === 'false' && t.tBodies[0].rows.length >= minRows) {
      requestAnimationFrame(() => setTimeout(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        done({ tableMs: performance.now(), domContentLoadedMs: nav.domContentLoadedEventEnd,
          firstContentfulPaintMs: fcp ? fcp.startTime : null, longestTaskMs: Math.max(0, ...(window.__longTasks || [])),
          cells: t.querySelectorAll('tbody td').length });
      }, 0));
    } else setTimeout(check, 5);
  };
  check();`;

const API_TIME = `
  const [cube, query, done] = arguments;
  const t0 = performance.now();
  fetch('/api/v1/cubes/' + cube + '/query', { method: 'POST', headers: { 'Content-Type': 'application/json',
    'X-Requested-With': 'bench' }, body: JSON.stringify(query) }).then(r => r.json()).then(j => done({ apiMs: performance.now() - t0, rows: j.rows.length }));`;

async function main() {
  const id = await newSession();
  try {
    await call('POST', `/session/${id}/timeouts`, { script: 120000, pageLoad: 120000 });
    await call('POST', `/session/${id}/url`, { url: base + '/login' });
    await call('POST', `/session/${id}/execute/sync`, { script: `document.getElementById('username').value = arguments[0];
      document.getElementById('password').value = arguments[1]; document.querySelector('form[action="/login"]').submit();`, args: [user, password] });
    await sleep(1500);
    // Long tasks are observed from the first script on: a tiny observer added before the page's own scripts run.
    await call('POST', `/session/${id}/goog/cdp/execute`, { cmd: 'Page.addScriptToEvaluateOnNewDocument', params: { source:
      "window.__longTasks=[];new PerformanceObserver(l=>l.getEntries().forEach(e=>window.__longTasks.push(e.duration))).observe({type:'longtask',buffered:true});" } });
    const views = [
      { name: 'first paint: revenue by continent', url: '/ui/?cube=sales&rows=geo.continent&measures=revenue', minRows: 2,
        query: { measures: ['revenue'], levels: ['geo.continent'], limit: 1000 } },
      { name: '10,000-cell pivot: revenue and orders, city x year', url: '/ui/?cube=sales&rows=geo.city&cols=time.year&measures=revenue,orders&limit=50000',
        minRows: 100, query: { measures: ['revenue', 'orders'], levels: ['time.year', 'geo.city'], limit: 50000 } },
    ];
    for (const view of views) {
      const page = [];
      const api = [];
      for (let i = 0; i < runs; i++) {
        await call('POST', `/session/${id}/url`, { url: base + view.url });
        page.push(await call('POST', `/session/${id}/execute/async`, { script: WAIT_FOR_TABLE, args: [view.minRows] }));
        api.push(await call('POST', `/session/${id}/execute/async`, { script: API_TIME, args: ['sales', view.query] }));
      }
      const out = { view: view.name, runs, cells: page[0].cells };
      for (const key of ['firstContentfulPaintMs', 'domContentLoadedMs', 'tableMs', 'longestTaskMs']) out[key] = Math.round(median(page.map((p) => p[key])));
      out.apiOnlyMs = Math.round(median(api.map((a) => a.apiMs)));
      out.tableOverApi = +(out.tableMs / out.apiOnlyMs).toFixed(2);
      console.log(JSON.stringify(out));
    }
  } finally {
    await call('DELETE', `/session/${id}`).catch(() => {});
    driver.kill();
  }
}

main().catch((e) => { console.error(e.message); driver.kill(); process.exit(1); });
