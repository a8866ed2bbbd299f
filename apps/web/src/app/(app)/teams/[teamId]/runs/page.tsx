import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHead } from '@/components/ui/page-head';
import { LiveRunsTable } from '@/features/runs/live-runs-table';
import { LiveStatus } from '@/features/runs/live-status';
import { TeamRunsDocument } from '@/graphql/runs';
import { loadPage } from '@/lib/api/server-graphql';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team } = await loadPage(TeamRunsDocument, { id: teamId });
  if (!team) return null;
  const allowed = canEdit(team.myRole);
  return (
    <main className="page stack">
      <PageHead
        title="Runs"
        subtitle={<LiveStatus />}
        actions={
          allowed ? (
            <Link className="button primary" href={`/teams/${team.id}/runs/new`}>
              New run
            </Link>
          ) : (
            <button type="button" className="primary" disabled title="Viewers cannot start runs">
              New run
            </button>
          )
        }
      />
      {allowed ? null : <p className="muted small">You are a VIEWER in this team: you can watch runs but not start them.</p>}
      <section className="card">
        <LiveRunsTable teamId={team.id} initialRuns={team.runs} />
      </section>
    </main>
  );
}
