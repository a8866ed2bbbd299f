// Formatting that gives the same text on the server and in the browser (no hydration mismatch):
// fixed locale, and times in UTC.
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : '—';
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Math.abs(value) >= 1000 || Number.isInteger(value) ? String(value) : value.toPrecision(digits);
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function personName(user: { name: string | null; email: string }): string {
  return user.name || user.email;
}

export function runLabel(run: { id: string; name: string | null }): string {
  return run.name || `Run ${run.id.slice(0, 8)}`;
}

/** The caption under a run's worker name: its compute backend and where its frozen layers ran, when it said. */
export function trainerLabel(worker: { backend: string | null; frozenEngine: string | null } | null): string {
  const details = [worker?.backend, worker?.frozenEngine ? `frozen layers on ${worker.frozenEngine}` : null].filter(Boolean);
  return details.length ? `Trainer (${details.join(', ')})` : 'Trainer';
}
