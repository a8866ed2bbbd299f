import { formatDateTime, runLabel } from '@/lib/format';
import { StatusBadge } from '@/features/runs/status-badge';
import type { RunStatus } from '@/generated/graphql';

interface RunPickerProps {
  runs: { id: string; name: string | null; status: RunStatus; createdAt: string; dataset: { name: string } }[];
  selected: string[];
}

/** A plain GET form: the chosen runs end up in the URL, so a comparison can be shared. */
export function RunPicker({ runs, selected }: RunPickerProps) {
  return (
    <form method="get" className="stack" aria-label="Pick runs to compare">
      <div className="table-wrap" style={{ maxHeight: 280, overflowY: 'auto' }}>
        <table>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td style={{ width: 32 }}>
                  <input type="checkbox" name="runs" value={run.id} id={`pick-${run.id}`} defaultChecked={selected.includes(run.id)} />
                </td>
                <td>
                  <label htmlFor={`pick-${run.id}`}>{runLabel(run)}</label>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="muted">{run.dataset.name}</td>
                <td className="muted small">{formatDateTime(run.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <button type="submit" className="primary">
          Compare
        </button>
      </div>
    </form>
  );
}
