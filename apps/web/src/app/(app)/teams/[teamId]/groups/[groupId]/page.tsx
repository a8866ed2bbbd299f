import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHead } from '@/components/ui/page-head';
import { LiveLadder } from '@/features/ladder/live-ladder';
import { LiveSweep } from '@/features/sweep/live-sweep';
import { RunGroupPageDocument } from '@/graphql/run-groups';
import { loadPage } from '@/lib/api/server-graphql';
import { formatDateTime, personName } from '@/lib/format';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'Run group' };

export default async function RunGroupPage({ params }: { params: Promise<{ teamId: string; groupId: string }> }) {
  const { teamId, groupId } = await params;
  const { runGroup } = await loadPage(RunGroupPageDocument, { id: groupId });
  if (!runGroup || runGroup.runs.some((run) => run.team.id !== teamId)) notFound();
  const dataset = runGroup.runs[0]?.dataset;
  const started = `started by ${personName(runGroup.createdBy)} · ${formatDateTime(runGroup.createdAt)}`;
  if (runGroup.kind === 'SWEEP' && runGroup.sweep) {
    return (
      <main className="page stack">
        <PageHead title={runGroup.name ?? 'Sweep'} subtitle={`A sweep of ${runGroup.runs.length} runs${dataset ? ` on ${dataset.name}` : ''}, with one split and seed · ${started}`} />
        <LiveSweep key={runGroup.id} groupId={runGroup.id} teamId={teamId} canEdit={runGroup.runs.some((run) => canEdit(run.team.myRole))} initialRuns={runGroup.runs} initialSweep={runGroup.sweep} />
      </main>
    );
  }
  return (
    <main className="page stack">
      <PageHead
        title={runGroup.name ?? 'Transfer ladder'}
        subtitle={`Baseline, feature extraction and fine-tuning${dataset ? ` on ${dataset.name}` : ''}, with one split, seed, image size and epochs · ${started}`}
      />
      <LiveLadder key={runGroup.id} groupId={runGroup.id} teamId={teamId} initialRuns={runGroup.runs} initialComparison={runGroup.comparison} />
    </main>
  );
}
