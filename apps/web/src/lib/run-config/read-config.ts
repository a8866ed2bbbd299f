/** The run's resolved config (JSON from the API) as flat, displayable entries. */
export function configEntries(config: unknown): [string, string][] {
  if (!config || typeof config !== 'object') return [];
  const entries: [string, string][] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else {
      entries.push([path, value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value)]);
    }
  };
  walk(config, '');
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

/** Epochs the run plans to train over both phases, to size the charts' x axis from the start. */
export function plannedEpochs(config: unknown): number {
  const c = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  const epochs = typeof c.epochs === 'number' ? c.epochs : 0;
  const fineTune = c.strategy === 'FINE_TUNE' && typeof c.fineTuneEpochs === 'number' ? c.fineTuneEpochs : 0;
  return epochs + fineTune;
}

const FINE_TUNE_ONLY = new Set(['fineTuneEpochs', 'fineTuneLearningRate', 'unfreezeFrom']);
const TRANSFER_ONLY = new Set(['backbone', 'alpha', 'pretrained']);

/** Whether a setting takes part in a run of this strategy (fine-tuning's settings do not in a feature-extraction run). */
export function settingApplies(key: string, strategy: string): boolean {
  if (FINE_TUNE_ONLY.has(key)) return strategy === 'FINE_TUNE';
  if (TRANSFER_ONLY.has(key)) return strategy !== 'BASELINE';
  return true;
}
