// The admin console at /ui/admin (the server refuses the page itself to callers without ROLE_ADMIN): users and
// their roles, role mappings and default roles per backend, restrictions per role, Basic users, the audit log.
// Every change goes through the admin API, which audits it; the page says what it did or why it was refused.
import './tessera-ui.css';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorNote, Header, MissingRole, ROLE_ADMIN, useWhoami } from './common.jsx';
import { AuditTab } from './admin-audit.jsx';
import { MappingsTab, DefaultRolesTab } from './admin-mappings.jsx';
import { RestrictionsTab } from './admin-restrictions.jsx';
import { BasicUsersTab, UsersTab } from './admin-users.jsx';

const TABS = [
  ['users', 'Users', UsersTab],
  ['mappings', 'Role mappings', MappingsTab],
  ['defaults', 'Default roles', DefaultRolesTab],
  ['restrictions', 'Restrictions', RestrictionsTab],
  ['basic', 'Basic users', BasicUsersTab],
  ['audit', 'Audit log', AuditTab],
];

function App() {
  const { me, error } = useWhoami();
  const [tab, setTab] = useState(() => (TABS.some(([id]) => id === window.location.hash.slice(1)) ? window.location.hash.slice(1) : 'users'));
  if (error) return <main><ErrorNote error={error} /></main>;
  if (!me) return <p class="loading">Loading…</p>;
  if (!me.roles.includes(ROLE_ADMIN)) return <><Header me={me} here="admin" /><MissingRole me={me} role={ROLE_ADMIN} /></>;
  const choose = (id) => { setTab(id); window.history.replaceState(null, '', '#' + id); };
  const keys = (e, i) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    const id = TABS[(next + TABS.length) % TABS.length][0];
    choose(id);
    document.getElementById('tab-' + id)?.focus();
  };
  const Current = TABS.find(([id]) => id === tab)[2];
  return (
    <>
      <Header me={me} here="admin" />
      <main class="admin">
        <h1>Admin console</h1>
        <div class="tabs" role="tablist" aria-label="Admin sections">
          {TABS.map(([id, title], i) => (
            <button key={id} id={'tab-' + id} type="button" role="tab" aria-selected={tab === id} aria-controls="panel"
              tabIndex={tab === id ? 0 : -1} onClick={() => choose(id)} onKeyDown={(e) => keys(e, i)}>{title}</button>
          ))}
        </div>
        <section id="panel" role="tabpanel" aria-labelledby={'tab-' + tab}><Current me={me} /></section>
      </main>
    </>
  );
}

render(<App />, document.getElementById('app'));
