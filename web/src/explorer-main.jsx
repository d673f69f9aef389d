// The cube explorer at /ui/: pickers on the left, the answer (pivot table or chart) on the right, the view in the
// URL. Data comes only from the protected API; this page holds nothing a signed-out browser could not fetch.
import './tessera-ui.css';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, seg } from './api.js';
import { ErrorNote, Header, MissingRole, ROLE_USER, useWhoami } from './common.jsx';
import { FilterPicker } from './filter-picker.jsx';
import { pivot } from './pivot.js';
import { PivotTable } from './pivot-table.jsx';
import { chartKind, curlOf, queryOf, readState, writeState } from './view-state.js';

function useViewState() {
  const [state, setState] = useState(() => readState(window.location.search));
  const update = (changes) => setState((s) => {
    const next = { ...s, ...changes };
    window.history.replaceState(null, '', writeState(next));
    return next;
  });
  return [state, update];
}

function App() {
  const { me, error } = useWhoami();
  if (error) return <main><ErrorNote error={error} /></main>;
  if (!me) return <p class="loading">Loading…</p>;
  if (!me.roles.includes(ROLE_USER)) return <><Header me={me} here="explorer" /><MissingRole me={me} role={ROLE_USER} /></>;
  return <><Header me={me} here="explorer" /><Explorer me={me} /></>;
}

function Explorer({ me }) {
  const [state, update] = useViewState();
  const [cubes, setCubes] = useState(null);
  const [model, setModel] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    api.get('/api/v1/cubes').then((list) => {
      setCubes(list);
      if (!state.cube && list.length) update({ cube: list[0].name });
    }, setError);
  }, []);
  useEffect(() => {
    if (!state.cube) return;
    setModel(null);
    api.get('/api/v1/cubes/' + seg(state.cube)).then(setModel, setError);
  }, [state.cube]);

  if (cubes && cubes.length === 0) {
    return <main class="narrow"><p role="status">No cube is open to you. An administrator can grant you a role that sees one.</p></main>;
  }
  const restriction = me.restrictions && me.restrictions[state.cube];
  return (
    <div class="explorer">
      <aside class="fields" aria-label="Query">
        <label for="cube">Cube</label>
        <select id="cube" value={state.cube}
          onChange={(e) => update({ cube: e.target.value, rows: [], cols: [], measures: [], filters: {}, orderBy: '' })}>
          {(cubes || []).map((c) => <option key={c.name} value={c.name}>{c.title || c.name}</option>)}
        </select>
        {model && <Fields model={model} state={state} update={update} />}
      </aside>
      <main class="answer">
        <ErrorNote error={error} />
        {restriction && typeof restriction === 'object' && (
          <p class="notice" role="status" data-test="restricted">
            A restriction is in force: you see only {describe(restriction)} in this cube; totals cover those rows only.
          </p>
        )}
        {model && <Answer model={model} state={state} update={update} />}
      </main>
    </div>
  );
}

function describe(restriction) {
  if (typeof restriction !== 'object') return String(restriction);
  return Object.entries(restriction).map(([level, values]) => `${level} ${[].concat(values).join(', ')}`).join(' and ');
}

export function titlesOf(model) {
  const titles = {};
  for (const d of model.dimensions) for (const h of d.hierarchies) for (const l of h.levels) titles[l.ref] = l.title || l.ref;
  for (const m of model.measures) titles[m.name] = m.title || m.name;
  return titles;
}

function Fields({ model, state, update }) {
  const toggle = (axis, ref) => {
    const other = axis === 'rows' ? 'cols' : 'rows';
    const on = state[axis].includes(ref);
    update({ [axis]: on ? state[axis].filter((r) => r !== ref) : [...state[axis], ref], [other]: state[other].filter((r) => r !== ref) });
  };
  const toggleMeasure = (name) => update({
    measures: state.measures.includes(name) ? state.measures.filter((m) => m !== name) : [...state.measures, name],
  });
  const levels = model.dimensions.flatMap((d) => d.hierarchies.flatMap((h) => h.levels));
  const titles = titlesOf(model);
  return (
    <>
      <fieldset>
        <legend>Levels</legend>
        <ul class="levels">
          {levels.map((l) => (
            <li key={l.ref} draggable onDragStart={(e) => e.dataTransfer.setData('text/plain', l.ref)}>
              <span>{titles[l.ref]}</span>
              <button type="button" aria-pressed={state.rows.includes(l.ref)} onClick={() => toggle('rows', l.ref)}
                aria-label={`${titles[l.ref]} on rows`}>Rows</button>
              <button type="button" aria-pressed={state.cols.includes(l.ref)} onClick={() => toggle('cols', l.ref)}
                aria-label={`${titles[l.ref]} on columns`}>Columns</button>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Measures</legend>
        {model.measures.map((m) => (
          <label key={m.name} class="check">
            <input type="checkbox" checked={state.measures.includes(m.name)} onChange={() => toggleMeasure(m.name)} />
            {titles[m.name]}
          </label>
        ))}
      </fieldset>
      <FilterPicker cube={state.cube} levels={levels} titles={titles} filters={state.filters}
        onChange={(filters) => update({ filters })} />
      <fieldset>
        <legend>Totals, order, limit</legend>
        <label class="check"><input type="checkbox" checked={state.totals} onChange={(e) => update({ totals: e.target.checked })} />
          Totals</label>
        <label class="check"><input type="checkbox" checked={state.subtotals} disabled={!state.totals}
          onChange={(e) => update({ subtotals: e.target.checked })} /> Subtotals per row group</label>
        <label for="order">Order by</label>
        <select id="order" value={state.orderBy} onChange={(e) => update({ orderBy: e.target.value })}>
          <option value="">Level order</option>
          {[...state.measures, ...state.cols, ...state.rows].map((r) => <option key={r} value={r}>{titles[r]}</option>)}
        </select>
        <label for="dir">Direction</label>
        <select id="dir" value={state.orderDir} onChange={(e) => update({ orderDir: e.target.value })}>
          <option value="desc">Largest first</option>
          <option value="asc">Smallest first</option>
        </select>
        <label for="limit">Row limit</label>
        <input id="limit" type="number" min="1" value={state.limit ?? ''} placeholder="the server's cap"
          onChange={(e) => { const n = Number.parseInt(e.target.value, 10); update({ limit: n > 0 ? n : null }); }} />
      </fieldset>
    </>
  );
}

function Axis({ name, axis, state, update, titles }) {
  const refs = state[axis];
  const move = (i, by) => {
    const next = [...refs];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    update({ [axis]: next });
  };
  const drop = (e) => {
    e.preventDefault();
    const ref = e.dataTransfer.getData('text/plain');
    const other = axis === 'rows' ? 'cols' : 'rows';
    if (ref && !refs.includes(ref)) update({ [axis]: [...refs, ref], [other]: state[other].filter((r) => r !== ref) });
  };
  return (
    <div class="axis" onDragOver={(e) => e.preventDefault()} onDrop={drop} aria-label={name} role="group">
      <span class="axis-name">{name}</span>
      {refs.length === 0 && <span class="hint">click Rows/Columns or drop a level here</span>}
      {refs.map((r, i) => (
        <span class="chip" key={r}>
          {titles[r]}
          {i > 0 && <button type="button" aria-label={`Move ${titles[r]} left`} onClick={() => move(i, -1)}>‹</button>}
          {i < refs.length - 1 && <button type="button" aria-label={`Move ${titles[r]} right`} onClick={() => move(i, 1)}>›</button>}
          <button type="button" aria-label={`Remove ${titles[r]}`} onClick={() => update({ [axis]: refs.filter((x) => x !== r) })}>×</button>
        </span>
      ))}
    </div>
  );
}

function Answer({ model, state, update }) {
  const titles = useMemo(() => titlesOf(model), [model]);
  const levelTypes = useMemo(() => Object.fromEntries(model.dimensions.flatMap((d) => d.hierarchies
    .flatMap((h) => h.levels.map((l) => [l.ref, l.type])))), [model]);
  const formats = useMemo(() => Object.fromEntries(model.measures.map((m) => [m.name, m.format])), [model]);
  const query = queryOf(state, levelTypes);
  const queryText = JSON.stringify(query);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!state.measures.length) { setResult(null); return undefined; }
    let current = true;
    setBusy(true);
    const timer = setTimeout(() => {
      api.post(`/api/v1/cubes/${seg(state.cube)}/query`, query).then(
        (r) => { if (current) { setResult({ r, rows: state.rows, cols: state.cols, measures: state.measures }); setError(null); } },
        (e) => { if (current) setError(e); },
      ).finally(() => { if (current) setBusy(false); });
    }, 150);
    return () => { current = false; clearTimeout(timer); };
  }, [state.cube, queryText]);
  const p = useMemo(() => result && pivot(result.r, result.rows, result.cols, result.measures), [result]);

  const exportCsv = async () => {
    try {
      const blob = await api.csv(`/api/v1/cubes/${seg(state.cube)}/query`, query);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${state.cube}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) { setError(e); }
  };
  return (
    <>
      <Axis name="Rows" axis="rows" state={state} update={update} titles={titles} />
      <Axis name="Columns" axis="cols" state={state} update={update} titles={titles} />
      <div class="toolbar" role="toolbar" aria-label="View">
        <button type="button" aria-pressed={state.show === 'table'} onClick={() => update({ show: 'table' })}>Table</button>
        <button type="button" aria-pressed={state.show === 'chart'} onClick={() => update({ show: 'chart' })}>Chart</button>
        <label for="chart-kind" class="inline">Chart</label>
        <select id="chart-kind" value={chartKind(state, levelTypes)} onChange={(e) => update({ chart: e.target.value, show: 'chart' })}>
          <option value="bar">Bars</option><option value="line">Line</option><option value="stacked">Stacked bars</option>
        </select>
        <button type="button" onClick={exportCsv} disabled={!state.measures.length}>Export CSV</button>
        <span role="status" class="status">{busy ? 'Running…' : result ? statusOf(result.r) : ''}</span>
      </div>
      <ErrorNote error={error} />
      {!state.measures.length && <p class="hint">Pick at least one measure.</p>}
      {p && state.show === 'table' && (
        <PivotTable p={p} rowLevels={result.rows} colLevels={result.cols} titles={titles} formats={formats} />
      )}
      {p && state.show === 'chart' && <Chart p={p} kind={chartKind(state, levelTypes)} titles={titles} />}
      <details class="query">
        <summary>Show the query</summary>
        <p>The JSON a script would send to <code>POST /api/v1/cubes/{state.cube}/query</code>:</p>
        <pre data-test="query-json">{JSON.stringify(query, null, 2)}</pre>
        <p>As a curl line:</p>
        <pre>{curlOf(window.location.origin, state.cube, query)}</pre>
      </details>
    </>
  );
}

function statusOf(r) {
  const more = r.page.truncated ? ' (more rows exist: raise the row limit)' : '';
  return `${r.page.returned} rows in ${r.stats.elapsedMs} ms${more}`;
}

function Chart({ p, kind, titles }) {
  const element = useRef(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    import('./chart.js').then((c) => { if (live) c.drawChart(element.current, p, kind, titles); }, setError);
    return () => { live = false; };
  }, [p, kind]);
  useEffect(() => () => { import('./chart.js').then((c) => c.disposeChart(element.current)); }, []);
  return (
    <>
      <ErrorNote error={error} />
      <div class="chart" ref={element} role="img" aria-label={`${kind} chart of the answer`} data-test="chart" />
    </>
  );
}

render(<App />, document.getElementById('app'));
