import { useState } from 'preact/hooks';
import { api, seg } from './api.js';
import { ErrorNote } from './common.jsx';
import { roleList, useAction, useLoad } from './admin-common.jsx';

/** Backends are the keys of the default-roles answer: one per configured backend. */
function useBackends() {
  return useLoad(() => api.get('/api/v1/admin/default-roles'));
}

export function MappingsTab() {
  const mappings = useLoad(() => api.get('/api/v1/admin/role-mappings'));
  const backends = useBackends();
  const [status, run] = useAction(mappings.reload);
  const [backend, setBackend] = useState('');
  const [providerRole, setProviderRole] = useState('');
  const [roles, setRoles] = useState('ROLE_USER');
  const names = backends.data ? Object.keys(backends.data) : [];
  const chosen = backend || names[0] || '';
  return (
    <>
      <h2>Role mappings</h2>
      <p class="hint">A provider role (LDAP group, OIDC roles claim value) or a username, per backend, becomes these roles.</p>
      <form class="row-form" onSubmit={(e) => {
        e.preventDefault();
        run(`Mapped ${chosen} ${providerRole.trim()} to ${roleList(roles).join(', ')}.`, () => api.put(
          `/api/v1/admin/role-mappings/${seg(chosen)}/${seg(providerRole.trim())}`, roleList(roles)));
      }}>
        <div><label for="map-backend">Backend</label>
          <select id="map-backend" value={chosen} onChange={(e) => setBackend(e.target.value)}>
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select></div>
        <div><label for="map-provider-role">Provider role</label>
          <input id="map-provider-role" value={providerRole} onInput={(e) => setProviderRole(e.target.value)} required /></div>
        <div><label for="map-roles">Roles (comma-separated)</label>
          <input id="map-roles" value={roles} onInput={(e) => setRoles(e.target.value)} required /></div>
        <button type="submit">Save mapping</button>
      </form>
      {status}
      <ErrorNote error={mappings.error || backends.error} />
      {mappings.data && (
        <table class="list">
          <thead><tr><th scope="col">Backend</th><th scope="col">Provider role</th><th scope="col">Roles</th><th scope="col" /></tr></thead>
          <tbody>
            {Object.entries(mappings.data).flatMap(([b, map]) => Object.entries(map).map(([pr, rs]) => (
              <tr key={b + pr}>
                <td>{b}</td><th scope="row">{pr}</th><td>{rs.join(', ')}</td>
                <td><button type="button" onClick={() => run(`Removed the mapping of ${b} ${pr}.`,
                  () => api.del(`/api/v1/admin/role-mappings/${seg(b)}/${seg(pr)}`))}>Remove</button></td>
              </tr>
            )))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function DefaultRolesTab() {
  const defaults = useBackends();
  const [status, run] = useAction(defaults.reload);
  const [edits, setEdits] = useState({});
  return (
    <>
      <h2>Default roles</h2>
      <p class="hint">Given to a user of the backend only when neither a local grant nor a mapping gives them any role.</p>
      {status}
      <ErrorNote error={defaults.error} />
      {defaults.data && Object.entries(defaults.data).map(([backend, roles]) => (
        <form key={backend} class="row-form" onSubmit={(e) => {
          e.preventDefault();
          const next = roleList(edits[backend] ?? roles.join(', '));
          run(`Default roles of ${backend}: ${next.join(', ') || 'none'}.`,
            () => api.put(`/api/v1/admin/default-roles/${seg(backend)}`, next));
        }}>
          <div><label for={'defaults-' + backend}>{backend}</label>
            <input id={'defaults-' + backend} value={edits[backend] ?? roles.join(', ')}
              onInput={(e) => setEdits({ ...edits, [backend]: e.target.value })} /></div>
          <button type="submit">Save</button>
        </form>
      ))}
    </>
  );
}
