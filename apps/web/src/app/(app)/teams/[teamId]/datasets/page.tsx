import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHead } from '@/components/ui/page-head';
import { CreateDatasetForm } from '@/features/datasets/create-dataset-form';
import { TeamDatasetsDocument } from '@/graphql/datasets';
import { loadPage } from '@/lib/api/server-graphql';
import { formatDateTime } from '@/lib/format';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'Datasets' };

export default async function DatasetsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team } = await loadPage(TeamDatasetsDocument, { id: teamId });
  if (!team) return null;
  return (
    <main className="page stack">
      <PageHead title="Datasets" subtitle="Images in classes, optionally split into train and val." />
      {canEdit(team.myRole) ? (
        <section className="card" aria-labelledby="new-dataset-title">
          <h2 id="new-dataset-title">New dataset</h2>
          <CreateDatasetForm teamId={team.id} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="datasets-title">
        <h2 id="datasets-title">All datasets</h2>
        {team.datasets.length === 0 ? (
          <EmptyState title="No datasets yet">
            <p>{canEdit(team.myRole) ? 'Create one above, then drop images into it.' : 'A member of the team can create one.'}</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Classes</th>
                  <th scope="col" className="num">
                    Train
                  </th>
                  <th scope="col" className="num">
                    Val
                  </th>
                  <th scope="col">Warnings</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {team.datasets.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/teams/${team.id}/datasets/${d.id}`}>{d.name}</Link>
                    </td>
                    <td>{d.classes.length === 0 ? <span className="muted">none yet</span> : d.classes.map((c) => c.name).join(', ')}</td>
                    <td className="num">{d.trainCount}</td>
                    <td className="num">{d.valCount}</td>
                    <td>{d.warnings.length ? <span className="badge CANCELED">{d.warnings.length}</span> : <span className="muted">—</span>}</td>
                    <td>{formatDateTime(d.createdAt)}</td>
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
