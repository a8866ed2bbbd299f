import type { RunProgressFieldsFragment, RunStatus } from '@/generated/graphql';
import { formatSeconds } from '@/lib/format';

const PHASE = { BASELINE: 'Training', FEATURE_EXTRACTION: 'Feature extraction', FINE_TUNE: 'Fine-tuning' } as const;

/** Epoch, batch and time left; the same height whatever the state, so the page never jumps. */
export function RunProgress({ status, progress }: { status: RunStatus; progress: RunProgressFieldsFragment | null }) {
  const done = status === 'SUCCEEDED';
  const fraction = done ? 1 : progress && progress.epochs > 0 ? Math.min(1, (progress.epoch - 1 + (progress.batches ? progress.batch / progress.batches : 0)) / progress.epochs) : 0;
  const text = done
    ? 'Finished'
    : status === 'QUEUED'
      ? 'Waiting for a trainer to pick the run up…'
      : status === 'FAILED' || status === 'CANCELED'
        ? `Stopped${progress ? ` during ${PHASE[progress.phase].toLowerCase()}, epoch ${progress.epoch} of ${progress.epochs}` : ''}`
        : progress
          ? `${PHASE[progress.phase]} · epoch ${progress.epoch} of ${progress.epochs} · batch ${progress.batch} of ${progress.batches}${progress.etaSeconds !== null ? ` · about ${formatSeconds(progress.etaSeconds)} left` : ''}`
          : 'Starting…';
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} aria-valuetext={text}>
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <span className="small muted" data-testid="progress-text">
        {text}
      </span>
    </div>
  );
}
