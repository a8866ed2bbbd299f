import type { Metadata } from 'next';
import { PageHead } from '@/components/ui/page-head';
import { InviteMemberForm } from '@/features/members/invite-member-form';
import { MemberActions } from '@/features/members/member-actions';
import { TeamMembersDocument } from '@/graphql/teams';
import { loadPage } from '@/lib/api/server-graphql';
import { canAdminister } from '@/lib/roles';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team } = await loadPage(TeamMembersDocument, { id: teamId });
  if (!team) return null;
  const admin = canAdminister(team.myRole);
  return (
    <main className="page stack">
      <PageHead title="Members" subtitle={`You are ${team.myRole} in this team. Owners and admins add members and change roles.`} />
      {admin ? (
        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">Add a member</h2>
          <InviteMemberForm teamId={team.id} myRole={team.myRole} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{team.members.length === 1 ? '1 member' : `${team.members.length} members`}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {team.members.map(({ user, role }) => (
                <tr key={user.id}>
                  <td>{user.name ?? '—'}</td>
                  <td>{user.email}</td>
                  <td>{admin ? <MemberActions teamId={team.id} userId={user.id} email={user.email} role={role} myRole={team.myRole} /> : <span className="badge">{role}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
