'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { CreateTeamDocument } from '@/graphql/teams';
import { browserGraphql } from '@/lib/api/browser-graphql';

export function CreateTeamForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    setPending(true);
    setError(null);
    try {
      const { createTeam } = await browserGraphql(CreateTeamDocument, { name });
      router.push(`/teams/${createTeam.id}/datasets`);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack">
      <div className="field">
        <label htmlFor="team-name">Team name</label>
        <input id="team-name" name="name" required maxLength={100} placeholder="e.g. Plant pathology lab" />
      </div>
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create team'}
        </button>
      </div>
    </form>
  );
}
