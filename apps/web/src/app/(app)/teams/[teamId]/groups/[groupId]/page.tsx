import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHead } from '@/components/ui/page-head';
import { LiveLadder } from '@/features/ladder/live-ladder';
import { RunGroupPageDocument } from '@/graphql/run-groups';
import { loadPage } from '@/lib/api/server-graphql';
import { formatDateTime, personName } from '@/lib/format';

export const metadata: Metadata = { title: 'Transfer ladder' };

export default async function RunGroupPage({ params }: { params: Promise<{ teamId: string; groupId: string }> }) {
  const { teamId, groupId } = await params;
  const { runGroup } = await loadPage(RunGroupPageDocument, { id: groupId });
  if (!runGroup || runGroup.runs.some((run) => run.team.id !== teamId)) notFound();
  const dataset = runGroup.runs[0]?.dataset;
  return (
    <main className="page stack">
      <PageHead
        title={runGroup.name ?? 'Transfer ladder'}
        subtitle={`Baseline, feature extraction and fine-tuning${dataset ? ` on ${dataset.name}` : ''}, with one split, seed, image size and epochs · started by ${personName(runGroup.createdBy)} · ${formatDateTime(runGroup.createdAt)}`}
      />
      <LiveLadder key={runGroup.id} groupId={runGroup.id} teamId={teamId} initialRuns={runGroup.runs} initialComparison={runGroup.comparison} />
    </main>
  );
}
