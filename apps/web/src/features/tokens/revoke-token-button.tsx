'use client';

import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import { RevokeApiTokenDocument } from '@/graphql/api-tokens';
import { browserGraphql } from '@/lib/api/browser-graphql';

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const { run, pending, error } = useMutation();
  return (
    <>
      <button
        type="button"
        className="danger"
        aria-label={`Revoke token ${name}`}
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Revoke “${name}”? Tools using it stop working at once.`)) void run(() => browserGraphql(RevokeApiTokenDocument, { id }));
        }}
      >
        Revoke
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
