import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHead } from '@/components/ui/page-head';
import { TeamModelsDocument } from '@/graphql/models';
import { loadPage } from '@/lib/api/server-graphql';
import { formatDateTime, formatPercent, runLabel } from '@/lib/format';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team } = await loadPage(TeamModelsDocument, { id: teamId });
  if (!team) return null;
  const models = [...team.models].sort((a, b) => a.name.localeCompare(b.name) || b.version - a.version);
  return (
    <main className="page stack">
      <PageHead title="Models" subtitle="Every successful run yields a model version. Aliases such as “production” point at one version." />
      <section className="card">
        {models.length === 0 ? (
          <EmptyState title="No models yet">
            <p>
              A model appears here when a run succeeds. <Link href={`/teams/${team.id}/runs/new`}>Start a run</Link>.
            </p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table aria-label="Models">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col" className="num">Val accuracy</th>
                  <th scope="col">Backbone</th>
                  <th scope="col">Classes</th>
                  <th scope="col">From run</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {models.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link href={`/teams/${team.id}/models/${m.id}`}>{m.name}</Link>
                    </td>
                    <td>v{m.version}</td>
                    <td>
                      {m.aliases.length ? (
                        m.aliases.map((a) => (
                          <span key={a} className="badge alias">
                            {a}
                          </span>
                        ))
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num">{formatPercent(m.valAccuracy)}</td>
                    <td>{m.backbone ?? 'baseline CNN'}</td>
                    <td>{m.classes.length}</td>
                    <td>
                      <Link href={`/teams/${team.id}/runs/${m.run.id}`}>{runLabel(m.run)}</Link>
                    </td>
                    <td>{formatDateTime(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
