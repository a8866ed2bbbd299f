import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LiveRun } from '@/features/runs/live-run';
import { RunDetailDocument } from '@/graphql/run-detail';
import { loadPage } from '@/lib/api/server-graphql';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ teamId: string; runId: string }> }) {
  const { teamId, runId } = await params;
  const { run } = await loadPage(RunDetailDocument, { id: runId });
  if (!run || run.team.id !== teamId) notFound();
  // Keyed by run so navigating between runs starts each one's live state afresh.
  return <LiveRun key={run.id} initialRun={run} teamId={teamId} canCancel={canEdit(run.team.myRole)} />;
}
