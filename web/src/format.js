// Numbers as the cube model asks: a measure's `format` is a Java/Excel-style pattern ("#,##0.00", "0.0%");
// the browser's Intl.NumberFormat does the work, so grouping and decimals follow the reader's locale.

const cache = new Map();

export function formatterFor(pattern, locale) {
  const key = `${pattern}|${locale || ''}`;
  if (!cache.has(key)) cache.set(key, build(pattern, locale));
  return cache.get(key);
}

function build(pattern, locale) {
  if (!pattern) {
    const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return (v) => (typeof v === 'number' ? plain.format(v) : String(v));
  }
  const percent = pattern.includes('%');
  const decimals = (pattern.split('.')[1] || '').replace(/[^0#]/g, '');
  const nf = new Intl.NumberFormat(locale, {
    style: percent ? 'percent' : 'decimal',
    useGrouping: pattern.includes(','),
    minimumFractionDigits: (decimals.match(/0/g) || []).length,
    maximumFractionDigits: decimals.length,
  });
  return (v) => nf.format(Number(v));
}

/** A cell as a person reads it: numbers by the measure's format, nothing for null. */
export function formatCell(value, pattern, locale) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || (typeof value === 'string' && pattern && /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(value))) {
    return formatterFor(pattern, locale)(typeof value === 'number' ? value : Number(value));
  }
  return String(value);
}
