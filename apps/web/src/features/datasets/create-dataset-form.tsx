'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import { CreateDatasetDocument } from '@/graphql/datasets';
import { browserGraphql } from '@/lib/api/browser-graphql';

export function CreateDatasetForm({ teamId }: { teamId: string }) {
  const router = useRouter();
  const { run, pending, error } = useMutation();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    const result = await run(() => browserGraphql(CreateDatasetDocument, { teamId, name }), { refresh: false });
    if (result) router.push(`/teams/${teamId}/datasets/${result.createDataset.id}`);
  }

  return (
    <form onSubmit={submit} className="stack" aria-label="Create a dataset">
      <div className="form-row">
        <div className="field" style={{ flex: 1, minWidth: 220 }}>
          <label htmlFor="dataset-name">Dataset name</label>
          <input id="dataset-name" name="name" required maxLength={200} placeholder="e.g. flowers" />
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create dataset'}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
