// Reads a Tessera Arrow answer (an IPC stream file, or stdin) with the apache-arrow package and prints it as JSON:
// the columns with their Tessera kind and type, the page, and the rows with every cell as text, so a test can
// compare it with the server's JSON answer cell by cell. Usage: node read-arrow.mjs answer.arrows
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const bytes = readFileSync(process.argv[2] ?? 0);
const table = tableFromIPC(bytes);

// apache-arrow hands a Decimal128 out as its unscaled integer; the field's type has the scale.
function decimalText(unscaled, scale) {
  const negative = unscaled.startsWith('-');
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function text(value, typeName, arrowType) {
  if (value === null || value === undefined) return null;
  if (typeName === 'decimal') return decimalText(value.toString(), arrowType.scale);
  if (typeName === 'date') return new Date(Number(value)).toISOString().slice(0, 10);
  if (typeName === 'timestamp') return new Date(Number(value)).toISOString().replace('Z', '');
  return value.toString();
}

const columns = table.schema.fields.map((f) => ({
  name: f.name,
  kind: f.metadata.get('tessera.kind'),
  type: f.metadata.get('tessera.type'),
  arrowType: f.type.toString(),
}));
const rows = [];
for (let r = 0; r < table.numRows; r++) {
  rows.push(columns.map((c, i) => text(table.getChild(c.name).get(r), c.type, table.schema.fields[i].type)));
}
const page = Object.fromEntries([...table.schema.metadata].filter(([k]) => k.startsWith('tessera.page.')));
process.stdout.write(JSON.stringify({ columns, page, rows }));
