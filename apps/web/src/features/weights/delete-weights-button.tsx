'use client';

import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import { DeleteBackboneWeightsDocument } from '@/graphql/weights';
import { browserGraphql } from '@/lib/api/browser-graphql';

export function DeleteWeightsButton({ id, name }: { id: string; name: string }) {
  const { run, pending, error } = useMutation();
  return (
    <>
      <button
        type="button"
        className="danger"
        aria-label={`Delete weights ${name}`}
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Delete “${name}”? Runs that used them keep their name and hash.`)) void run(() => browserGraphql(DeleteBackboneWeightsDocument, { id }));
        }}
      >
        Delete
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
