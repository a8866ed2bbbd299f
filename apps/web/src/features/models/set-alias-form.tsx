'use client';

import type { FormEvent } from 'react';
import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import { SetModelAliasDocument } from '@/graphql/models';
import { browserGraphql } from '@/lib/api/browser-graphql';

/** Points an alias (e.g. "production") at this version; it moves off any other version of the model. */
export function SetAliasForm({ modelId }: { modelId: string }) {
  const { run, pending, error } = useMutation();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const alias = String(new FormData(form).get('alias') ?? '').trim();
    if (await run(() => browserGraphql(SetModelAliasDocument, { modelId, alias }))) form.reset();
  }
  return (
    <form onSubmit={submit} className="stack" aria-label="Set an alias">
      <div className="form-row">
        <div className="field" style={{ flex: 1, minWidth: 180 }}>
          <label htmlFor="alias">Alias</label>
          <input id="alias" name="alias" required pattern="[a-z0-9_\-]{1,50}" placeholder="production" aria-describedby="alias-hint" />
          <span id="alias-hint" className="hint">
            1–50 characters: a–z, 0–9, _ and -.
          </span>
        </div>
        <button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Set alias'}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
