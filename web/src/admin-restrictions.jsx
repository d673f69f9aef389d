import { useEffect, useState } from 'preact/hooks';
import { api, seg } from './api.js';
import { ErrorNote } from './common.jsx';
import { useAction, useLoad } from './admin-common.jsx';
import { MemberSearch } from './filter-picker.jsx';
import { typed } from './view-state.js';

/** Restrictions per role: for one cube, either all of it or the members of one level the role may see. */
export function RestrictionsTab() {
  const restrictions = useLoad(() => api.get('/api/v1/admin/restrictions'));
  const cubes = useLoad(() => api.get('/api/v1/cubes'));
  const [status, run] = useAction(restrictions.reload);
  const [role, setRole] = useState('');
  const [cube, setCube] = useState('');
  const [model, setModel] = useState(null);
  const [level, setLevel] = useState('');
  const [members, setMembers] = useState([]);
  const [all, setAll] = useState(false);
  const [preview, setPreview] = useState(null);
  const chosenCube = cube || (cubes.data && cubes.data[0] ? cubes.data[0].name : '');
  useEffect(() => {
    if (chosenCube) api.get('/api/v1/cubes/' + seg(chosenCube)).then(setModel, () => setModel(null));
  }, [chosenCube]);
  const levels = model ? model.dimensions.flatMap((d) => d.hierarchies.flatMap((h) => h.levels)) : [];
  const levelType = (levels.find((l) => l.ref === level) || {}).type;
  const save = (e) => {
    e.preventDefault();
    const current = (restrictions.data && restrictions.data[role.trim()]) || {};
    const entry = all ? 'all' : { [level]: members.map((m) => typed(m, levelType)) };
    run(`Saved the restriction of ${role.trim()} on ${chosenCube}.`,
      () => api.put(`/api/v1/admin/restrictions/${seg(role.trim())}`, { ...current, [chosenCube]: entry }));
  };
  const explain = async () => {
    const measure = model.measures[0].name;
    const query = { measures: [measure], levels: level ? [level] : [] };
    try {
      const r = await api.post(`/api/v1/cubes/${seg(chosenCube)}/query/explain?as=${encodeURIComponent(role.trim())}`, query);
      setPreview({ query, sql: r.sql });
    } catch (err) { setPreview({ query, error: err.message }); }
  };
  return (
    <>
      <h2>Restrictions</h2>
      <p class="hint">A role restricted on a cube sees only these members' rows; roles are unioned on one hierarchy and
        intersected across hierarchies. ROLE_ADMIN always sees everything.</p>
      <form onSubmit={save}>
        <div class="row-form">
          <div><label for="r-role">Role</label><input id="r-role" value={role} onInput={(e) => setRole(e.target.value)} required /></div>
          <div><label for="r-cube">Cube</label>
            <select id="r-cube" value={chosenCube} onChange={(e) => { setCube(e.target.value); setLevel(''); setMembers([]); }}>
              {(cubes.data || []).map((c) => <option key={c.name} value={c.name}>{c.title || c.name}</option>)}
            </select></div>
          <label class="check"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> The whole cube</label>
          {!all && <div><label for="r-level">Level</label>
            <select id="r-level" value={level} onChange={(e) => { setLevel(e.target.value); setMembers([]); }} required>
              <option value="">Choose a level…</option>
              {levels.map((l) => <option key={l.ref} value={l.ref}>{l.title || l.ref}</option>)}
            </select></div>}
        </div>
        {!all && level && <MemberSearch cube={chosenCube} level={level}
          title={(levels.find((l) => l.ref === level) || {}).title || level} chosen={members} onChange={setMembers} />}
        <div class="row-form">
          <button type="submit" disabled={!role.trim() || (!all && !members.length)}>Save restriction</button>
          <button type="button" disabled={!role.trim() || !model} onClick={explain}>Preview as this role</button>
        </div>
      </form>
      {status}
      {preview && (
        <div class="query">
          <p>As {role.trim()}, <code>{JSON.stringify(preview.query)}</code> becomes:</p>
          {preview.error ? <p class="error" role="alert">{preview.error}</p> : <pre data-test="explain">{preview.sql}</pre>}
        </div>
      )}
      <ErrorNote error={restrictions.error || cubes.error} />
      {restrictions.data && (
        <table class="list" data-test="restrictions">
          <thead><tr><th scope="col">Role</th><th scope="col">Restriction</th><th scope="col" /></tr></thead>
          <tbody>
            {Object.entries(restrictions.data).map(([r, spec]) => (
              <tr key={r}>
                <th scope="row">{r}</th><td><code>{JSON.stringify(spec)}</code></td>
                <td><button type="button" onClick={() => run(`Removed the restrictions of ${r}.`,
                  () => api.del(`/api/v1/admin/restrictions/${seg(r)}`))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
