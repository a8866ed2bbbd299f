import type { Metadata } from 'next';
import { PageHead } from '@/components/ui/page-head';
import { NewRunForm } from '@/features/runs/new-run-form';
import { NewRunOptionsDocument } from '@/graphql/runs';
import { loadPage } from '@/lib/api/server-graphql';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'New run' };

export default async function NewRunPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ dataset?: string; mode?: string }> }) {
  const { teamId } = await params;
  const { dataset, mode } = await searchParams;
  const { team, imagenetWeights } = await loadPage(NewRunOptionsDocument, { id: teamId });
  if (!team) return null;
  const datasets = team.datasets.filter((d) => d.classes.length > 0);
  return (
    <main className="page">
      <PageHead title="New run" subtitle="A dataset, a strategy and its hyperparameters. A trainer picks the run up from the queue." />
      <NewRunForm teamId={team.id} datasets={datasets} initialDatasetId={datasets.some((d) => d.id === dataset) ? (dataset ?? null) : null} allowed={canEdit(team.myRole)}
        initialMode={mode === 'sweep' ? 'sweep' : 'run'} weights={{ uploaded: team.weights, imagenet: imagenetWeights }} />
    </main>
  );
}
