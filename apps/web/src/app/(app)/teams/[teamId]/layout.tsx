import type { ReactNode } from 'react';
import { TeamNav } from '@/features/shell/team-nav';
import { TeamShellDocument } from '@/graphql/teams';
import { loadPage } from '@/lib/api/server-graphql';

// A team's pages. Another team's id is "not found", exactly as the API answers it.
export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team } = await loadPage(TeamShellDocument, { id: teamId });
  if (!team) return null;
  return (
    <>
      <TeamNav teamId={team.id} teamName={team.name} />
      {children}
    </>
  );
}
