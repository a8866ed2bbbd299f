'use client';

import type { FormEvent } from 'react';
import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import type { TeamRole } from '@/generated/graphql';
import { AddTeamMemberDocument } from '@/graphql/teams';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { TEAM_ROLES } from '@/lib/roles';

export function InviteMemberForm({ teamId, myRole }: { teamId: string; myRole: TeamRole }) {
  const { run, pending, error } = useMutation();
  // Only an owner can make owners; the API says so too.
  const roles = TEAM_ROLES.filter((r) => myRole === 'OWNER' || r !== 'OWNER');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const done = await run(() => browserGraphql(AddTeamMemberDocument, { teamId, email: String(data.get('email')), role: data.get('role') as TeamRole }));
    if (done) form.reset();
  }

  return (
    <form onSubmit={submit} className="stack" aria-label="Invite a member">
      <div className="form-row">
        <div className="field" style={{ flex: 1, minWidth: 220 }}>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" required placeholder="colleague@example.com" />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="MEMBER">
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add member'}
        </button>
      </div>
      <p className="small muted">They need an account first: ask them to sign up, then add them here.</p>
      <ErrorMessage error={error} />
    </form>
  );
}
