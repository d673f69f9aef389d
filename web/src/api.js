// Every call the pages make to the server: same origin, the session cookie, and X-Requested-With so that the
// server's CSRF rule lets state-changing requests through. A 401 means the session ended: back to sign-in,
// remembering this page. Errors carry the problem+json detail, which the pages show as is.

export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}

export function signInAgain() {
  const here = window.location.pathname + window.location.search;
  window.location.assign('/login?returnTo=' + encodeURIComponent(here));
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    const body = await response.json().catch(() => null);
    if (body && body.detail) {
      const pointers = (body.errors || []).map((e) => e.detail || e.message).filter(Boolean);
      const extra = pointers.filter((p) => p !== body.detail);
      return new ApiError(response.status, [body.detail, ...new Set(extra)].join(' '), body);
    }
  }
  return new ApiError(response.status, `The server answered ${response.status} ${response.statusText}.`, null);
}

export async function call(method, path, body, accept = 'application/json') {
  const headers = { 'X-Requested-With': 'tessera-ui', Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    signInAgain();
    throw new ApiError(401, 'Your session has ended; signing in again.', null);
  }
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return null;
  if (accept === 'text/csv') return response.blob();
  return response.json();
}

export const api = {
  get: (path) => call('GET', path),
  put: (path, body) => call('PUT', path, body),
  post: (path, body) => call('POST', path, body),
  del: (path) => call('DELETE', path),
  csv: (path, body) => call('POST', path, body, 'text/csv'),
};

/** One path segment, for names that may hold anything (usernames, provider roles). */
export const seg = (value) => encodeURIComponent(value);
