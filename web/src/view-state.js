// The explorer's state lives in the URL, so a view can be bookmarked and pasted to a colleague:
// ?cube=sales&rows=geo.continent,geo.country&cols=time.year&measures=revenue&f=geo.continent:Europe|Asia
//  &totals=1&sub=1&order=revenue:desc&limit=500&show=chart&chart=stacked
// and the query a script would send is derived from it here, in one place.
import { queryLevels, querySubtotals } from './pivot.js';

const list = (value) => (value ? value.split(',').filter(Boolean) : []);

export function readState(search) {
  const p = new URLSearchParams(search);
  const filters = {};
  for (const f of p.getAll('f')) {
    const at = f.indexOf(':');
    if (at > 0) filters[f.slice(0, at)] = f.slice(at + 1).split('|');
  }
  const [orderBy, orderDir] = (p.get('order') || '').split(':');
  const limit = Number.parseInt(p.get('limit') || '', 10);
  return {
    cube: p.get('cube') || '',
    rows: list(p.get('rows')),
    cols: list(p.get('cols')),
    measures: list(p.get('measures')),
    filters,
    totals: p.get('totals') === '1',
    subtotals: p.get('sub') === '1',
    orderBy: orderBy || '',
    orderDir: orderDir === 'asc' ? 'asc' : 'desc',
    limit: Number.isFinite(limit) && limit > 0 ? limit : null, // null: the server's row cap
    show: p.get('show') === 'chart' ? 'chart' : 'table',
    chart: ['bar', 'line', 'stacked'].includes(p.get('chart')) ? p.get('chart') : null, // null: by the row level
  };
}

export function writeState(s) {
  const p = new URLSearchParams();
  if (s.cube) p.set('cube', s.cube);
  if (s.rows.length) p.set('rows', s.rows.join(','));
  if (s.cols.length) p.set('cols', s.cols.join(','));
  if (s.measures.length) p.set('measures', s.measures.join(','));
  for (const [level, values] of Object.entries(s.filters)) {
    if (values.length) p.append('f', `${level}:${values.join('|')}`);
  }
  if (s.totals) p.set('totals', '1');
  if (s.subtotals) p.set('sub', '1');
  if (s.orderBy) p.set('order', `${s.orderBy}:${s.orderDir}`);
  if (s.limit) p.set('limit', String(s.limit));
  if (s.show !== 'table') p.set('show', s.show);
  if (s.chart) p.set('chart', s.chart);
  return '?' + p.toString();
}

/** Members come back typed (numbers for int levels); the URL holds text, so values are typed again here. */
export function typed(value, type) {
  if (['int', 'long', 'integer', 'bigint', 'double', 'decimal'].includes(String(type).toLowerCase())) {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

/** The chart asked for, else lines over a time level on rows (a trend), bars over anything else. */
export function chartKind(s, levelTypes = {}) {
  if (s.chart) return s.chart;
  const first = s.rows[0];
  const type = String(levelTypes[first] || '').toLowerCase();
  return first && (type === 'date' || type === 'timestamp' || first.startsWith('time.')) ? 'line' : 'bar';
}

/** The JSON body of POST /api/v1/cubes/{cube}/query for this view. */
export function queryOf(s, levelTypes = {}) {
  const q = { measures: s.measures, levels: queryLevels(s.rows, s.cols) };
  const conditions = Object.entries(s.filters).filter(([, v]) => v.length)
    .map(([level, values]) => ({ level, op: 'in', values: values.map((v) => typed(v, levelTypes[level])) }));
  if (conditions.length === 1) q.filters = conditions[0];
  if (conditions.length > 1) q.filters = { and: conditions };
  if (s.totals && q.levels.length) {
    q.totals = { grand: true, subtotals: querySubtotals(s.rows, s.cols, s.subtotals) };
  }
  if (s.orderBy) q.order = [{ by: s.orderBy, dir: s.orderDir }];
  if (s.limit) q.limit = s.limit;
  return q;
}

/** The same query as a shell line, for the "show the query" panel. */
export function curlOf(origin, cube, query) {
  const body = JSON.stringify(query).replace(/'/g, "'\\''");
  return `curl -u "$USER:$PASSWORD" -H 'Content-Type: application/json' `
    + `'${origin}/api/v1/cubes/${encodeURIComponent(cube)}/query' -d '${body}'`;
}
