import { useState } from 'preact/hooks';
import { api, seg } from './api.js';
import { ErrorNote } from './common.jsx';
import { roleList, useAction, useLoad, when } from './admin-common.jsx';


export function UsersTab() {
  const users = useLoad(() => api.get('/api/v1/admin/users'));
  const [status, run] = useAction(users.reload);
  const [name, setName] = useState('');
  const [role, setRole] = useState('ROLE_USER');
  const grant = (username, r) => run(`Granted ${r} to ${username}.`,
    () => api.put(`/api/v1/admin/users/${seg(username)}/roles/${seg(r)}`));
  return (
    <>
      <h2>Users</h2>
      <p class="hint">Local roles are granted here; provider roles come from the backend at each sign-in (shown as of the
        last one) and are turned into roles by the role mappings. Effective roles are what the user holds signing in
        again as last time: mapped provider roles and local roles, else the backend's default roles.</p>
      <form class="row-form" onSubmit={(e) => { e.preventDefault(); grant(name.trim(), role.trim()); }}>
        <div><label for="grant-user">Username</label><input id="grant-user" value={name} onInput={(e) => setName(e.target.value)} required /></div>
        <div><label for="grant-role">Role</label><input id="grant-role" value={role} onInput={(e) => setRole(e.target.value)} required /></div>
        <button type="submit">Grant role</button>
      </form>
      {status}
      <ErrorNote error={users.error} />
      {users.data && (
        <table class="list" data-test="users">
          <thead><tr><th scope="col">User</th><th scope="col">Last sign-in</th><th scope="col">Local roles</th><th scope="col">Provider roles</th><th scope="col">Effective roles</th><th scope="col">Sessions</th></tr></thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.username}>
                <th scope="row">{u.username}</th>
                <td>{u.lastBackend ? `${when(u.lastSeen)} via ${u.lastBackend}` : '—'}</td>
                <td>
                  {u.roles.map((r) => (
                    <span class="chip" key={r}>{r}
                      <button type="button" aria-label={`Revoke ${r} from ${u.username}`}
                        onClick={() => run(`Revoked ${r} from ${u.username}.`,
                          () => api.del(`/api/v1/admin/users/${seg(u.username)}/roles/${seg(r)}`))}>×</button>
                    </span>
                  ))}
                  {u.roles.length === 0 && <span class="hint">none</span>}
                </td>
                <td data-test="provider-roles"><RoleNames roles={u.providerRoles}
                  title={u.providerRolesAt ? `Supplied by the backend since ${when(u.providerRolesAt)}` : undefined} /></td>
                <td data-test="effective-roles"><RoleNames roles={u.effectiveRoles} /></td>
                <td><button type="button" onClick={() => run(`Ended every session of ${u.username}.`,
                  () => api.del(`/api/v1/admin/users/${seg(u.username)}/sessions`))}>End sessions</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Roles shown read-only; null means not known yet (the user has not signed in). */
function RoleNames({ roles, title }) {
  if (roles === null || roles === undefined) return <span class="hint">not signed in yet</span>;
  if (roles.length === 0) return <span class="hint">none</span>;
  return <span title={title}>{roles.map((r) => <span class="chip plain" key={r}>{r}</span>)}</span>;
}

export function BasicUsersTab() {
  const [status, run] = useAction();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState('ROLE_USER');
  const [resetName, setResetName] = useState('');
  const [resetPassword, setResetPassword] = useState('');
  return (
    <>
      <h2>Basic users</h2>
      <p class="hint">Accounts with a password kept in Tessera's store (service accounts, people without a directory).</p>
      {status}
      <h3>Create</h3>
      <form class="row-form" onSubmit={(e) => {
        e.preventDefault();
        run(`Created ${name.trim()}.`, () => api.post('/api/v1/admin/basic-users',
          { username: name.trim(), password, roles: roleList(roles) })).then(() => setPassword(''));
      }}>
        <div><label for="new-user">Username</label><input id="new-user" value={name} onInput={(e) => setName(e.target.value)} required /></div>
        <div><label for="new-password">Password</label><input id="new-password" type="password" autocomplete="new-password"
          value={password} onInput={(e) => setPassword(e.target.value)} required /></div>
        <div><label for="new-roles">Roles</label><input id="new-roles" value={roles} onInput={(e) => setRoles(e.target.value)} /></div>
        <button type="submit">Create user</button>
      </form>
      <h3>Reset a password</h3>
      <form class="row-form" onSubmit={(e) => {
        e.preventDefault();
        run(`Set a new password for ${resetName.trim()}; their sessions are ended.`, () => api.put(
          `/api/v1/admin/basic-users/${seg(resetName.trim())}/password`, { password: resetPassword })).then(() => setResetPassword(''));
      }}>
        <div><label for="reset-user">Username</label><input id="reset-user" value={resetName} onInput={(e) => setResetName(e.target.value)} required /></div>
        <div><label for="reset-password">New password</label><input id="reset-password" type="password" autocomplete="new-password"
          value={resetPassword} onInput={(e) => setResetPassword(e.target.value)} required /></div>
        <button type="submit">Reset password</button>
      </form>
    </>
  );
}
