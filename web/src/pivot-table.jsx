// The pivot as an HTML table: a header row per column level (and one naming the measures when there are several),
// a header cell per row level, subtotal rows marked and labelled. Plain table markup, so screen readers and
// keyboard users get headers and scopes for free.
import { useEffect, useState } from 'preact/hooks';
import { formatCell } from './format.js';

// Rows are put on screen in slices, one slice per task, so a pivot of thousands of cells never holds the main
// thread long enough to freeze the page (bench/web measures the longest task); the first slice fills the screen.
const FIRST_ROWS = 60;
const ROWS_PER_TASK = 150;

function useProgressiveCount(total) {
  const [shown, setShown] = useState(Math.min(total, FIRST_ROWS));
  useEffect(() => {
    setShown(Math.min(total, FIRST_ROWS));
  }, [total]);
  useEffect(() => {
    if (shown >= total) return undefined;
    const timer = setTimeout(() => setShown((n) => Math.min(total, n + ROWS_PER_TASK)), 0);
    return () => clearTimeout(timer);
  }, [shown, total]);
  return shown;
}

const label = (v) => (v === null || v === undefined ? '(none)' : String(v));

export function PivotTable({ p, rowLevels, colLevels, titles, formats }) {
  const shown = useProgressiveCount(p.rows.length);
  const many = p.measures.length > 1;
  const width = p.cols.length * p.measures.length;
  const headerRows = [];
  colLevels.forEach((level, li) => {
    headerRows.push(
      <tr key={'c' + li}>
        {li === 0 && rowLevels.length > 0 && (
          <th colSpan={rowLevels.length} rowSpan={colLevels.length + (many ? 1 : 0)} class="corner" scope="col">
            {rowLevels.map((l) => titles[l]).join(' / ')}
          </th>
        )}
        {p.cols.map((c, ci) => (
          <th key={ci} scope="colgroup" colSpan={p.measures.length} class="colhead">
            <span class="level-name">{titles[level]}</span> {label(c.values[li])}
          </th>
        ))}
      </tr>,
    );
  });
  if (many || colLevels.length === 0) {
    headerRows.push(
      <tr key="m">
        {colLevels.length === 0 && rowLevels.map((l) => <th key={l} scope="col">{titles[l]}</th>)}
        {p.cols.map((_, ci) => p.measures.map((m) => <th key={ci + m} scope="col" class="num">{titles[m]}</th>))}
      </tr>,
    );
  }
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Query answer as a pivot table">
      <table class="pivot" data-test="pivot" aria-busy={shown < p.rows.length ? 'true' : 'false'}>
        <caption class="sr-only">
          {p.measures.map((m) => titles[m]).join(', ')} by {[...rowLevels, ...colLevels].map((l) => titles[l]).join(', ')}
        </caption>
        <thead>{headerRows}</thead>
        <tbody>
          {p.rows.slice(0, shown).map((r, ri) => (
            <tr key={ri} class={r.subtotal ? 'subtotal' : undefined}>
              {rowHeaders(r, rowLevels)}
              {p.cols.map((_, ci) => p.measures.map((m) => (
                <td key={ci + m} class="num">{formatCell(p.value(ri, ci, m), formats[m])}</td>
              )))}
            </tr>
          ))}
          {p.rows.length === 0 && <tr><td colSpan={rowLevels.length + width}>No rows.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

function rowHeaders(r, rowLevels) {
  if (rowLevels.length === 0) return null;
  if (r.subtotal) {
    const text = r.depth === 0 ? 'Total' : `Total ${label(r.values[r.depth - 1])}`;
    return [
      ...r.values.slice(0, r.depth - 1).map((v, i) => <th key={i} scope="row">{label(v)}</th>),
      <th key="t" scope="row" colSpan={rowLevels.length - Math.max(0, r.depth - 1)}>{text}</th>,
    ];
  }
  return r.values.map((v, i) => <th key={i} scope="row">{label(v)}</th>);
}
