// What the console's tabs share: load-and-reload, and one line saying what the last action did.
import { useEffect, useState } from 'preact/hooks';

export function useLoad(load, deps = []) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    load().then((d) => { setData(d); setError(null); }, setError);
  }, [...deps, version]);
  return { data, error, reload: () => setVersion((v) => v + 1) };
}

/** Runs one admin action; returns [status element, run]. */
export function useAction(after) {
  const [status, setStatus] = useState(null);
  const run = async (what, action) => {
    try {
      await action();
      setStatus({ ok: true, text: what });
      if (after) after();
    } catch (e) {
      setStatus({ ok: false, text: e.message });
    }
  };
  const element = status && (
    <p role={status.ok ? 'status' : 'alert'} class={status.ok ? 'ok' : 'error'} data-test="action-status">{status.text}</p>
  );
  return [element, run];
}

export const roleList = (text) => text.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);

/** An Instant from the API: ISO text, or epoch seconds when the server writes dates as numbers. */
export function when(value) {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
