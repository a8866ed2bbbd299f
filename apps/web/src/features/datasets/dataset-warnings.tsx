export function DatasetWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="alert warn" role="note" aria-label="Dataset warnings">
      <strong>{warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}</strong>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
