// Filters: pick a level, search its members (the members endpoint, debounced, restricted like every answer), tick
// the ones to keep. Each level becomes one "in" condition; conditions on several levels are and-ed.
import { useEffect, useState } from 'preact/hooks';
import { api, seg } from './api.js';

const DEBOUNCE_MS = 250;

export function FilterPicker({ cube, levels, titles, filters, onChange }) {
  const [level, setLevel] = useState('');
  const set = (ref, values) => {
    const next = { ...filters, [ref]: values };
    if (!values.length) delete next[ref];
    onChange(next);
  };
  return (
    <fieldset>
      <legend>Filters</legend>
      {Object.entries(filters).map(([ref, values]) => (
        <div key={ref} class="filter">
          <span>{titles[ref] || ref}:</span>
          {values.map((v) => (
            <span class="chip" key={v}>{v}
              <button type="button" aria-label={`Remove ${v} from the ${titles[ref] || ref} filter`}
                onClick={() => set(ref, values.filter((x) => x !== v))}>×</button>
            </span>
          ))}
        </div>
      ))}
      <label for="filter-level">Filter on</label>
      <select id="filter-level" value={level} onChange={(e) => setLevel(e.target.value)}>
        <option value="">Choose a level…</option>
        {levels.map((l) => <option key={l.ref} value={l.ref}>{titles[l.ref]}</option>)}
      </select>
      {level && <MemberSearch cube={cube} level={level} title={titles[level]} chosen={filters[level] || []}
        onChange={(values) => set(level, values)} />}
    </fieldset>
  );
}

export function MemberSearch({ cube, level, title, chosen, onChange }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      // No limit of our own: the server's row cap applies, and `truncated` says when there are more.
      const q = text ? `?q=${encodeURIComponent(text)}` : '';
      api.get(`/api/v1/cubes/${seg(cube)}/members/${seg(level)}${q}`)
        .then((r) => { if (live) { setFound(r); setError(null); } }, (e) => { if (live) setError(e); });
    }, DEBOUNCE_MS);
    return () => { live = false; clearTimeout(timer); };
  }, [cube, level, text]);
  const toggle = (v) => onChange(chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v]);
  return (
    <div class="members">
      <label for="member-search">Search {title}</label>
      <input id="member-search" type="search" value={text} onInput={(e) => setText(e.target.value)} autocomplete="off" />
      {error && <p class="error" role="alert">{error.message}</p>}
      {found && (
        <ul aria-label={`${title} members`}>
          {found.members.map((m) => {
            const v = m === null ? '' : String(m);
            return (
              <li key={v}>
                <label class="check"><input type="checkbox" checked={chosen.includes(v)} onChange={() => toggle(v)} />
                  {m === null ? '(none)' : v}</label>
              </li>
            );
          })}
          {found.truncated && <li class="hint">More members: type to narrow.</li>}
        </ul>
      )}
    </div>
  );
}
