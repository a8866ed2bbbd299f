'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import { SetModelAliasDocument } from '@/graphql/models';
import { browserGraphql } from '@/lib/api/browser-graphql';

interface RegisterBestModelProps {
  teamId: string;
  model: { id: string; name: string; version: number; aliases: string[] };
}

/** "Register best model": points an alias (default "best") at the sweep's best run's model, and shows the model's aliases after. */
export function RegisterBestModel({ teamId, model }: RegisterBestModelProps) {
  const { run, pending, error } = useMutation();
  const [alias, setAlias] = useState('best');
  const [aliases, setAliases] = useState(model.aliases);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => browserGraphql(SetModelAliasDocument, { modelId: model.id, alias: alias.trim() }), { refresh: false });
    if (result) setAliases(result.setModelAlias.aliases);
  }
  return (
    <form onSubmit={submit} className="stack" aria-label="Register best model">
      <p>
        Best so far: <Link href={`/teams/${teamId}/models/${model.id}`}>{`${model.name} v${model.version}`}</Link>
        {' · aliases: '}
        <span data-testid="best-model-aliases">{aliases.length ? aliases.join(', ') : 'none'}</span>
      </p>
      <div className="form-row">
        <div className="field" style={{ minWidth: 180 }}>
          <label htmlFor="best-alias">Alias</label>
          <input id="best-alias" value={alias} onChange={(e) => setAlias(e.target.value)} required pattern="[a-z0-9_\-]{1,50}" aria-describedby="best-alias-hint" />
          <span id="best-alias-hint" className="hint">
            1–50 characters: a–z, 0–9, _ and -. It moves off any other version of the model.
          </span>
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Registering…' : 'Register best model'}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
