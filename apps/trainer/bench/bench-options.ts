import { parseArgs } from 'node:util';
import { SCENARIOS, type Scenario } from './scenarios';

export interface BenchOptions {
  scenarios: Scenario[];
  imagesPerClass: number;
  /** How long one run may take end to end before the bench gives up on it. */
  timeoutSeconds: number;
}

/** The child task that trains one config in-process (started by the bench itself). */
export interface TrainTaskOptions {
  scenario: Scenario['name'];
  config: Record<string, unknown>;
  imagesPerClass: number;
}

const USAGE = `Usage: tsx bench/worker-bench.ts [options]

Prints one JSON object per line as results arrive and a summary object on the last line.
Starts the real API (on PGlite) and a real worker process per run (test/e2e/stack.ts), seeds a
generated dataset over HTTP, and times runs from startRun to SUCCEEDED; then trains the same config
with ml-core's trainClassifier in a fresh process, to show what the worker adds.

  --scenarios LIST         FEATURE_EXTRACTION, FINE_TUNE (default both)
  --images-per-class N     generated images per class, 3 classes at 32 px (default 20)
  --timeout-seconds S      give up on a run after this long (default 600)
  --help`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

export type ParsedArgs = { task: 'bench'; options: BenchOptions } | { task: 'train'; options: TrainTaskOptions } | null;

/** Returns null when --help was asked for (the usage has been printed). */
export function parseBenchArgs(argv: string[]): ParsedArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean', default: false },
      task: { type: 'string', default: 'bench' },
      scenarios: { type: 'string' },
      scenario: { type: 'string' },
      config: { type: 'string' },
      'images-per-class': { type: 'string', default: '20' },
      'timeout-seconds': { type: 'string', default: '600' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  const imagesPerClass = number('--images-per-class', values['images-per-class'], { integer: true, min: 5 });
  if (values.task === 'train') {
    const scenario = scenarioNamed(values.scenario ?? '').name;
    if (!values.config) throw new UsageError('--task train needs --config JSON');
    return { task: 'train', options: { scenario, config: JSON.parse(values.config) as Record<string, unknown>, imagesPerClass } };
  }
  if (values.task !== 'bench') throw new UsageError(`--task must be bench or train, got '${values.task}'`);
  const names = (values.scenarios ?? SCENARIOS.map((s) => s.name).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  return {
    task: 'bench',
    options: {
      scenarios: names.map(scenarioNamed),
      imagesPerClass,
      timeoutSeconds: number('--timeout-seconds', values['timeout-seconds'], { min: 10 }),
    },
  };
}

function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.name === name.toUpperCase());
  if (!scenario) throw new UsageError(`unknown scenario '${name}'; choose from ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return scenario;
}

function number(flag: string, raw: string, { integer = false, min }: { integer?: boolean; min: number }): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got '${raw}'`);
  }
  return value;
}
