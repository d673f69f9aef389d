import { useState } from 'preact/hooks';
import { api } from './api.js';
import { ErrorNote } from './common.jsx';
import { useLoad, when } from './admin-common.jsx';

const PAGE = 50;

export function AuditTab() {
  const [action, setAction] = useState('');
  const [applied, setApplied] = useState('');
  const [offset, setOffset] = useState(0);
  const entries = useLoad(() => api.get(`/api/v1/admin/audit?limit=${PAGE}&offset=${offset}`
    + (applied ? `&action=${encodeURIComponent(applied)}` : '')), [applied, offset]);
  return (
    <>
      <h2>Audit log</h2>
      <form class="row-form" onSubmit={(e) => { e.preventDefault(); setOffset(0); setApplied(action.trim()); }}>
        <div><label for="audit-action">Action</label>
          <input id="audit-action" list="audit-actions" value={action} onInput={(e) => setAction(e.target.value)}
            placeholder="e.g. login.refused" /></div>
        <datalist id="audit-actions">
          {['login.refused', 'login.locked', 'login.unavailable', 'user.roles.grant', 'user.roles.set', 'user.roles.revoke', 'sessions.revoke', 'mapping.set', 'restriction.set', 'basic-user.create', 'basic-user.password'].map((a) => <option key={a} value={a} />)}
        </datalist>
        <button type="submit">Filter</button>
      </form>
      <ErrorNote error={entries.error} />
      {entries.data && (
        <>
          <table class="list" data-test="audit">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id}><td>{when(e.at)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.target}</td><td>{e.detail}</td></tr>
              ))}
              {entries.data.length === 0 && <tr><td colSpan={5}>No entries.</td></tr>}
            </tbody>
          </table>
          <div class="row-form">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
            <span>Entries {offset + 1}–{offset + entries.data.length}</span>
            <button type="button" disabled={entries.data.length < PAGE} onClick={() => setOffset(offset + PAGE)}>Older</button>
          </div>
        </>
      )}
    </>
  );
}
