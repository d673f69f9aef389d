// What the explorer and the admin console share: the header with who is signed in, and the sign-out form.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

export const ROLE_USER = 'ROLE_USER';
export const ROLE_ADMIN = 'ROLE_ADMIN';

/** whoami, once per page load; null while loading. */
export function useWhoami() {
  const [me, setMe] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get('/api/v1/whoami').then(setMe, setError);
  }, []);
  return { me, error };
}

export function Header({ me, here }) {
  const isAdmin = me && me.roles.includes(ROLE_ADMIN);
  return (
    <header class="top">
      <a class="brand" href="/ui/">Tessera</a>
      <nav aria-label="Pages">
        <a href="/ui/" aria-current={here === 'explorer' ? 'page' : undefined}>Explorer</a>
        {isAdmin && <a href="/ui/admin" aria-current={here === 'admin' ? 'page' : undefined}>Admin console</a>}
      </nav>
      {me && (
        <form class="who" method="post" action="/logout">
          <span>Signed in as <strong data-test="username">{me.username}</strong> ({me.backend})</span>
          <button type="submit">Sign out</button>
        </form>
      )}
    </header>
  );
}

export function ErrorNote({ error }) {
  if (!error) return null;
  return <p class="error" role="alert">{error.message || String(error)}</p>;
}

/** The page a signed-in user without the role sees: who they are, how they came in, whom to ask. */
export function MissingRole({ me, role }) {
  return (
    <main class="narrow">
      <h1>You are signed in, but lack {role}</h1>
      <p role="alert" class="error" data-test="missing-role">
        You are signed in as <strong>{me.username}</strong> through <strong>{me.backend}</strong>, but you do not
        hold {role}. Ask an administrator to grant it to <strong>{me.username}</strong>.
      </p>
      <p>Roles you hold: {me.roles.length ? me.roles.join(', ') : 'none'}.</p>
    </main>
  );
}
