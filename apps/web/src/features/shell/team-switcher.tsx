'use client';

import { useParams, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { LAST_TEAM_COOKIE } from '@/lib/api/session-cookie';

interface TeamSwitcherProps {
  teams: { id: string; name: string }[];
}

const NEW_TEAM = '__new__';

/** Picks the team every page works in; remembers it so the dashboard opens there next time. */
export function TeamSwitcher({ teams }: TeamSwitcherProps) {
  const router = useRouter();
  const params = useParams<{ teamId?: string }>();
  const current = params.teamId ?? '';

  useEffect(() => {
    if (current) document.cookie = `${LAST_TEAM_COOKIE}=${current}; path=/; max-age=31536000; samesite=lax`;
  }, [current]);

  return (
    <select
      aria-label="Team"
      value={current || ''}
      onChange={(event) => router.push(event.target.value === NEW_TEAM ? '/teams/new' : `/teams/${event.target.value}/runs`)}
    >
      {current ? null : (
        <option value="" disabled>
          Choose a team
        </option>
      )}
      {teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
      <option value={NEW_TEAM}>+ New team…</option>
    </select>
  );
}
