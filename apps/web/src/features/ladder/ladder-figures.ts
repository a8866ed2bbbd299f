/** A difference of accuracies as signed percentage points ("+12.5 pts"); a dash while unknown. */
export function formatGain(gain: number | null): string {
  if (gain === null) return '—';
  const points = Math.round(gain * 1000) / 10;
  return `${points > 0 ? '+' : points < 0 ? '−' : '±'}${Math.abs(points).toFixed(1)} pts`;
}

/** The compare page's address for a group's runs. */
export function compareHref(teamId: string, runIds: readonly string[]): string {
  return `/teams/${teamId}/compare?runs=${runIds.join(',')}`;
}
