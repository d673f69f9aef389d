import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pivot, querySubtotals } from './pivot.js';

const columns = (names) => names.map((name) => ({ name }));

test('levels on rows only: one row per member, in answer order', () => {
  const p = pivot({ columns: columns(['geo.country', 'amount']), rows: [['France', 300], ['Japan', 200]] },
    ['geo.country'], [], ['amount']);
  assert.deepEqual(p.rows.map((r) => r.values), [['France'], ['Japan']]);
  assert.equal(p.cols.length, 1);
  assert.equal(p.value(1, 0, 'amount'), 200);
});

test('columns first: a subtotal per row group after its members, a total row per column, a corner', () => {
  // levels = [year, continent, country]; grouping bits: year=4, continent=2, country=1
  const result = {
    columns: columns(['time.year', 'geo.continent', 'geo.country', 'amount', '_grouping']),
    rows: [
      [2023, 'Europe', 'France', 10, 0], [2024, 'Europe', 'France', 11, 0], [2023, 'Europe', 'Norway', 5, 0],
      [2023, 'Europe', null, 15, 1], [2024, 'Europe', null, 11, 1],
      [2023, 'Asia', 'Japan', 7, 0], [2023, 'Asia', null, 7, 1],
      [2023, null, null, 22, 3], [2024, null, null, 11, 3], [null, null, null, 33, 7],
    ],
  };
  const p = pivot(result, ['geo.continent', 'geo.country'], ['time.year'], ['amount']);
  assert.deepEqual(p.rows.map((r) => [r.values, r.subtotal]), [
    [['Europe', 'France'], false], [['Europe', 'Norway'], false], [['Europe'], true],
    [['Asia', 'Japan'], false], [['Asia'], true], [[], true]]);
  assert.deepEqual(p.cols.map((c) => c.values), [[2023], [2024]]);
  assert.equal(p.value(0, 1, 'amount'), 11);
  assert.equal(p.value(1, 1, 'amount'), null); // Norway had nothing in 2024
  assert.equal(p.value(2, 0, 'amount'), 15);
  assert.equal(p.value(5, 1, 'amount'), 11);
  assert.equal(p.corner('amount'), 33);
});

test('null members are members, kept apart from rolled-up levels', () => {
  const p = pivot({ columns: columns(['geo.country', 'amount', '_grouping']),
    rows: [['France', 1, 0], [null, 2, 0], [null, 3, 1]] }, ['geo.country'], [], ['amount']);
  assert.deepEqual(p.rows.map((r) => [r.values, r.subtotal]), [[['France'], false], [[null], false], [[], true]]);
  assert.equal(p.value(2, 0, 'amount'), 3);
});

test('subtotals asked: the per-column total row, then every row level but the last', () => {
  assert.deepEqual(querySubtotals(['a', 'b', 'c'], ['y'], true), ['y', 'a', 'b']);
  assert.deepEqual(querySubtotals(['a'], [], true), []);
  assert.deepEqual(querySubtotals(['a', 'b'], [], false), []);
});
