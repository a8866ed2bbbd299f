import { configEntries } from '@/lib/run-config/read-config';

/** The run's resolved hyperparameters, as stored with it (seed included). */
export function ConfigTable({ config }: { config: unknown }) {
  return (
    <dl className="config-grid" aria-label="Hyperparameters">
      {configEntries(config).map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            <code>{value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}
