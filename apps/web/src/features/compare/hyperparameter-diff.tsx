import { runLabel } from '@/lib/format';
import { configEntries, settingApplies } from '@/lib/run-config/read-config';

interface HyperparameterDiffProps {
  runs: { id: string; name: string | null; strategy: string; config: unknown; dataset: { name: string } }[];
}

/** Hyperparameters side by side; rows whose values differ between runs are highlighted. */
export function HyperparameterDiff({ runs }: HyperparameterDiffProps) {
  // A setting the strategy ignores shows as "not used", so it is not mistaken for a difference that mattered.
  const perRun = runs.map(
    (run) => new Map<string, string>([['dataset', run.dataset.name], ...configEntries(run.config).map(([k, v]): [string, string] => [k, settingApplies(k, run.strategy) ? v : 'not used'])]),
  );
  const keys = [...new Set(perRun.flatMap((m) => [...m.keys()]))].sort((a, b) => (a === 'dataset' ? -1 : b === 'dataset' ? 1 : a.localeCompare(b)));
  const differing = keys.filter((key) => new Set(perRun.map((m) => m.get(key) ?? '—')).size > 1);
  return (
    <div className="table-wrap">
      <p className="small muted">{differing.length === 0 ? 'Every hyperparameter is the same.' : `${differing.length} hyperparameter${differing.length === 1 ? ' differs' : 's differ'}: highlighted.`}</p>
      <table aria-label="Hyperparameters side by side">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {runs.map((run) => (
              <th scope="col" key={run.id}>
                {runLabel(run)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const differs = differing.includes(key);
            return (
              <tr key={key} className={differs ? 'differs' : undefined} data-differs={differs || undefined}>
                <th scope="row" style={{ textTransform: 'none', letterSpacing: 0 }}>
                  {key}
                  {differs ? <span className="visually-hidden"> (differs)</span> : null}
                </th>
                {perRun.map((m, i) => (
                  <td key={runs[i]!.id}>
                    <code>{m.get(key) ?? '—'}</code>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
