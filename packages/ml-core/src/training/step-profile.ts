/**
 * Where one fine-tuning step's time goes, part by part. Only measurements build one (the
 * throughput command); training passes none, and then `timed` is a plain call.
 */
export const STEP_PARTS = [
  /** Gathering the batch and reading it out of TensorFlow.js. */
  'dataPreparation',
  /** The frozen layers before the cut (from pixels; training on cached rows skips it). */
  'frozenPrefix',
  /** Values moved between TensorFlow.js and ONNX Runtime (weights, the feature map, its gradient). */
  'copies',
  'onnxForward',
  'onnxBackward',
  /** The head's forward pass, loss and gradients on TensorFlow.js. */
  'head',
  'adam',
] as const;
export type StepPart = (typeof STEP_PARTS)[number];

export class StepProfile {
  readonly ms = Object.fromEntries(STEP_PARTS.map((p) => [p, 0])) as Record<StepPart, number>;

  add(part: StepPart, ms: number): void {
    this.ms[part] += ms;
  }

  reset(): void {
    for (const part of STEP_PARTS) this.ms[part] = 0;
  }

  /** Each part's mean milliseconds per step and its fraction of the parts' sum. */
  breakdown(steps: number): Record<StepPart, { ms: number; fraction: number }> {
    const total = STEP_PARTS.reduce((s, p) => s + this.ms[p], 0);
    return Object.fromEntries(STEP_PARTS.map((p) => [p, { ms: this.ms[p] / steps, fraction: total ? this.ms[p] / total : 0 }])) as Record<StepPart, { ms: number; fraction: number }>;
  }
}

/** `run()`, its time added to `part` when there is a profile. */
export function timed<T>(profile: StepProfile | undefined, part: StepPart, run: () => T): T {
  if (!profile) return run();
  const started = performance.now();
  try {
    return run();
  } finally {
    profile.add(part, performance.now() - started);
  }
}

/** The same for work that resolves later. */
export async function timedAsync<T>(profile: StepProfile | undefined, part: StepPart, run: () => Promise<T>): Promise<T> {
  if (!profile) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    profile.add(part, performance.now() - started);
  }
}
