import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartKind, curlOf, queryOf, readState, writeState } from './view-state.js';

test('a view survives the URL round trip', () => {
  const s = readState('?cube=sales&rows=geo.continent,geo.country&cols=time.year&measures=revenue,orders'
    + '&f=geo.continent:Europe|Asia&totals=1&sub=1&order=revenue:asc&limit=50&show=chart&chart=stacked');
  assert.equal(readState(writeState(s)).chart, 'stacked');
  assert.deepEqual(readState(writeState(s)), s);
  assert.deepEqual(s.filters, { 'geo.continent': ['Europe', 'Asia'] });
});

test('the query: columns first, typed filter values, totals, order, limit', () => {
  const s = readState('?cube=sales&rows=geo.country&cols=time.year&measures=revenue&f=time.year:2023|2024'
    + '&f=geo.country:France&totals=1&order=revenue:desc');
  assert.deepEqual(queryOf(s, { 'time.year': 'INT' }), {
    measures: ['revenue'],
    levels: ['time.year', 'geo.country'],
    filters: { and: [{ level: 'time.year', op: 'in', values: [2023, 2024] },
      { level: 'geo.country', op: 'in', values: ['France'] }] },
    totals: { grand: true, subtotals: ['time.year'] },
    order: [{ by: 'revenue', dir: 'desc' }],
  });
});

test('junk in the URL falls back to defaults', () => {
  const s = readState('?limit=-3&show=pie&chart=donut&order=x:sideways');
  assert.equal(s.limit, null);
  assert.equal(s.show, 'table');
  assert.equal(s.chart, null);
  assert.equal(s.orderDir, 'desc');
});

test('the curl line quotes single quotes for the shell', () => {
  const line = curlOf('http://h:8080', 'sales', { measures: ['a'], filters: { level: 'x', op: 'eq', values: ["O'Hara"] } });
  assert.match(line, /O'\\''Hara/);
  assert.match(line, /^curl -u "\$USER:\$PASSWORD"/);
});

test('the chart: as asked, else lines over time on rows and bars otherwise', () => {
  assert.equal(chartKind(readState('?rows=time.month'), {}), 'line');
  assert.equal(chartKind(readState('?rows=sold.on'), { 'sold.on': 'date' }), 'line');
  assert.equal(chartKind(readState('?rows=geo.country'), {}), 'bar');
  assert.equal(chartKind(readState('?rows=time.month&chart=stacked'), {}), 'stacked');
});
