'use client';

import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import type { RunStatus } from '@/generated/graphql';
import { CancelRunDocument } from '@/graphql/runs';
import { browserGraphql } from '@/lib/api/browser-graphql';

export function CancelRunButton({ runId, onCanceled }: { runId: string; onCanceled: (status: RunStatus) => void }) {
  const { run, pending, error } = useMutation();
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={pending}
        onClick={async () => {
          if (!window.confirm('Cancel this run? The trainer stops after the current batch.')) return;
          const result = await run(() => browserGraphql(CancelRunDocument, { id: runId }), { refresh: false });
          if (result) onCanceled(result.cancelRun.status);
        }}
      >
        {pending ? 'Canceling…' : 'Cancel run'}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
