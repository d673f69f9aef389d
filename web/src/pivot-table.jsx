// The pivot as an HTML table: a header row per column level (and one naming the measures when there are several),
// a header cell per row level, subtotal rows marked and labelled. Plain table markup, so screen readers and
// keyboard users get headers and scopes for free.
import { formatCell } from './format.js';

const label = (v) => (v === null || v === undefined ? '(none)' : String(v));

export function PivotTable({ p, rowLevels, colLevels, titles, formats }) {
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
      <table class="pivot" data-test="pivot">
        <caption class="sr-only">
          {p.measures.map((m) => titles[m]).join(', ')} by {[...rowLevels, ...colLevels].map((l) => titles[l]).join(', ')}
        </caption>
        <thead>{headerRows}</thead>
        <tbody>
          {p.rows.map((r, ri) => (
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
