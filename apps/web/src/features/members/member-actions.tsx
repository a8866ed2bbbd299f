'use client';

import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import type { TeamRole } from '@/generated/graphql';
import { RemoveTeamMemberDocument, UpdateTeamMemberDocument } from '@/graphql/teams';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { TEAM_ROLES } from '@/lib/roles';

interface MemberActionsProps {
  teamId: string;
  userId: string;
  email: string;
  role: TeamRole;
  myRole: TeamRole;
}

/** Role select and remove button for one member (admins and owners). */
export function MemberActions({ teamId, userId, email, role, myRole }: MemberActionsProps) {
  const { run, pending, error } = useMutation();
  const roles = TEAM_ROLES.filter((r) => myRole === 'OWNER' || r !== 'OWNER' || r === role);
  return (
    <div className="form-row">
      <select
        aria-label={`Role of ${email}`}
        value={role}
        disabled={pending || (role === 'OWNER' && myRole !== 'OWNER')}
        onChange={(event) => run(() => browserGraphql(UpdateTeamMemberDocument, { teamId, userId, role: event.target.value as TeamRole }))}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="danger"
        aria-label={`Remove ${email}`}
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Remove ${email} from the team?`)) void run(() => browserGraphql(RemoveTeamMemberDocument, { teamId, userId }));
        }}
      >
        Remove
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
