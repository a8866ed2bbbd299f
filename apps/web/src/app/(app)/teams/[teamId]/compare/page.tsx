import type { Metadata } from 'next';
import Link from 'next/link';
import { SWEEP_BOUNDS } from '@transferlab/run-config';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHead } from '@/components/ui/page-head';
import { GroupPicker } from '@/features/compare/group-picker';
import { HyperparameterDiff } from '@/features/compare/hyperparameter-diff';
import { OverlaidCurves } from '@/features/compare/overlaid-curves';
import { RunPicker } from '@/features/compare/run-picker';
import { CompareRunsDocument } from '@/graphql/compare';
import { CompareGroupDocument } from '@/graphql/run-groups';
import { loadPage } from '@/lib/api/server-graphql';
import { formatPercent, runLabel } from '@/lib/format';

export const metadata: Metadata = { title: 'Compare runs' };

// Eight runs picked by hand (one colour each); a group's runs all at once, up to a sweep's size.
const MAX_PICKED_RUNS = 8;

function selectedIds(value: string | string[] | undefined): string[] {
  const list = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(','));
  return [...new Set(list.map((v) => v.trim()).filter(Boolean))].slice(0, MAX_PICKED_RUNS);
}

/** A group's runs when the page is opened with ?group=<id> (another team's group reads as none). */
async function groupRunIds(groupId: string | undefined): Promise<string[] | null> {
  if (!groupId) return null;
  const { runGroup } = await loadPage(CompareGroupDocument, { id: groupId });
  return runGroup ? runGroup.runs.slice(0, SWEEP_BOUNDS.maxRuns).map((r) => r.id) : [];
}

/** The groups the compared runs belong to, each once. */
function groupsOf(runs: { group: { id: string; name: string | null } | null }[]) {
  return [...new Map(runs.flatMap((r) => (r.group ? [[r.group.id, r.group] as const] : []))).values()];
}

export default async function ComparePage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ runs?: string | string[]; group?: string }> }) {
  const { teamId } = await params;
  const query = await searchParams;
  const groupId = typeof query.group === 'string' ? query.group : undefined;
  const ids = (await groupRunIds(groupId)) ?? selectedIds(query.runs);
  const { team, runs } = await loadPage(CompareRunsDocument, { teamId, ids: ids.length ? ids : [] });
  if (!team) return null;
  return (
    <main className="page stack">
      <PageHead title="Compare runs" subtitle="Pick two or more runs: their curves overlaid, their settings side by side." />
      <section className="card" aria-labelledby="pick-title">
        <h2 id="pick-title">Runs</h2>
        {team.runs.length === 0 ? <EmptyState title="No runs to compare yet" /> : <RunPicker runs={team.runs} selected={ids} />}
        <GroupPicker teamId={teamId} groups={team.runGroups} selected={groupId ?? null} />
      </section>
      {runs.length < 2 ? (
        <div className="card">
          <EmptyState title="Choose at least two runs">
            <p>Tick them above and press Compare.</p>
          </EmptyState>
        </div>
      ) : (
        <>
          <section className="card" aria-labelledby="overlay-title">
            <h2 id="overlay-title">Curves</h2>
            <p className="small muted">{runs.map((r) => `${runLabel(r)}: best ${formatPercent(r.bestValAccuracy)}`).join(' · ')}</p>
            {groupsOf(runs).map((group) => (
              <p key={group.id} className="small">
                <Link href={`/teams/${teamId}/groups/${group.id}`}>Open the group{group.name ? ` ${group.name}` : ''}</Link> (its comparison card or ranking)
              </p>
            ))}
            <OverlaidCurves runs={runs} />
          </section>
          <section className="card" aria-labelledby="diff-title">
            <h2 id="diff-title">Hyperparameters</h2>
            <HyperparameterDiff runs={runs} />
          </section>
        </>
      )}
    </main>
  );
}
