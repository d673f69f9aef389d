// The cube's flat answer as a pivot: levels on rows and columns, measures inside, subtotals where the answer has
// them. Pure: no DOM, so it is tested with node --test and reused by the table, the chart and the CSV of the view.
//
// The explorer asks with levels = columns ++ rows, so that the cube's prefix subtotals (a subtotal on level i keeps
// levels 0..i) keep the column breakdown: a subtotal on row level i is "these rows, per column"; a subtotal on the
// last column level is the total row per column; the grand total is the corner. `_grouping` has bit (n-1-i) set
// where level i is rolled up.

/** The query levels for a view: columns first, then rows (see above). */
export function queryLevels(rowLevels, colLevels) {
  return [...colLevels, ...rowLevels];
}

/** The subtotals to ask for: one per row level but the last (per row group), and the per-column total row. */
export function querySubtotals(rowLevels, colLevels, withSubtotals) {
  const subtotals = [];
  if (colLevels.length > 0 && rowLevels.length > 0) subtotals.push(colLevels[colLevels.length - 1]);
  if (withSubtotals) subtotals.push(...rowLevels.slice(0, -1));
  return subtotals;
}

const SEP = '\u0001';
const keyOf = (values) => values.map((v) => (v === null ? '\u0000' : String(v))).join(SEP);

/**
 * @returns {{rows: {values: any[], depth: number}[], cols: {values: any[]}[], measures: string[],
 *            value: (rowIndex: number, colIndex: number, measure: string) => any}}
 *   rows in display order, a subtotal after its members (depth = the row levels it keeps; the grand total has 0);
 *   cols in order of first appearance.
 */
export function pivot(result, rowLevels, colLevels, measures) {
  const index = new Map(result.columns.map((c, i) => [c.name, i]));
  const levels = queryLevels(rowLevels, colLevels);
  const grouping = index.get('_grouping');
  const n = levels.length;
  const rowTree = newNode([], 0);
  const colKeys = new Map();
  const cells = new Map();
  for (const row of result.rows) {
    const g = grouping === undefined ? 0 : Number(row[grouping]);
    const present = levels.map((_, i) => (g & (1 << (n - 1 - i))) === 0);
    const colsPresent = colLevels.every((_, i) => present[i]);
    const rowDepth = rowLevels.filter((_, i) => present[colLevels.length + i]).length;
    if (!colsPresent && rowDepth > 0) continue; // not a shape this view asked for
    const colValues = colsPresent ? colLevels.map((l) => row[index.get(l)]) : null;
    const rowValues = rowLevels.slice(0, rowDepth).map((l) => row[index.get(l)]);
    const colKey = colValues === null ? 'total' : keyOf(colValues);
    if (colValues !== null && !colKeys.has(colKey)) colKeys.set(colKey, { values: colValues });
    const node = place(rowTree, rowValues);
    node.hasData = true;
    cells.set(node.id + SEP + SEP + colKey, measures.map((m) => row[index.get(m)]));
  }
  const rows = [];
  emit(rowTree, rowLevels.length, rows);
  const cols = colLevels.length === 0 ? [{ values: [] }] : [...colKeys.values()];
  const colKeyList = colLevels.length === 0 ? [keyOf([])] : [...colKeys.keys()];
  return {
    rows,
    cols,
    measures,
    value(r, c, measure) {
      const values = cells.get(rows[r].node.id + SEP + SEP + colKeyList[c]);
      return values ? values[measures.indexOf(measure)] : null;
    },
    /** The grand total over rows and columns, when there are column levels (no cell shows it). */
    corner(measure) {
      const values = cells.get(rowTree.id + SEP + SEP + 'total');
      return values ? values[measures.indexOf(measure)] : null;
    },
  };
}

let nextId = 0;
function newNode(values, depth) {
  nextId += 1;
  return { id: String(nextId), values, depth, children: new Map(), hasData: false };
}

function place(root, values) {
  let node = root;
  for (let i = 0; i < values.length; i++) {
    const k = keyOf([values[i]]);
    if (!node.children.has(k)) node.children.set(k, newNode(values.slice(0, i + 1), i + 1));
    node = node.children.get(k);
  }
  return node;
}

function emit(node, leafDepth, out) {
  for (const child of node.children.values()) emit(child, leafDepth, out);
  if (node.hasData) out.push({ values: node.values, depth: node.depth, subtotal: node.depth < leafDepth, node });
}
