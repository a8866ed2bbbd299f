import type { RunStatus } from '@/generated/graphql';

const LABEL: Record<RunStatus, string> = { QUEUED: 'queued', RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELED: 'canceled' };

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge ${status}`} data-testid="run-status" data-status={status}>
      {LABEL[status]}
    </span>
  );
}

export const STRATEGY_LABEL = { BASELINE: 'Baseline', FEATURE_EXTRACTION: 'Feature extraction', FINE_TUNE: 'Fine-tune' } as const;
