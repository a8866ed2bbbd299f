import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHead } from '@/components/ui/page-head';
import { weightsLabel } from '@/features/weights/backbone-choices';
import { DeleteWeightsButton } from '@/features/weights/delete-weights-button';
import { WeightsUploader } from '@/features/weights/weights-uploader';
import { TeamWeightsDocument } from '@/graphql/weights';
import { loadPage } from '@/lib/api/server-graphql';
import { formatBytes, formatDateTime, personName } from '@/lib/format';
import { canAdminister } from '@/lib/roles';

export const metadata: Metadata = { title: 'Weights' };

export default async function WeightsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { team, imagenetWeights } = await loadPage(TeamWeightsDocument, { id: teamId });
  if (!team) return null;
  const admin = canAdminister(team.myRole);
  return (
    <main className="page stack">
      <PageHead title="Weights" subtitle="Pretrained starting points for this team's runs: weights trained on your own domain, or any export of a backbone. Trainers fetch them from this server, so none needs internet access." />
      {admin ? (
        <section className="card" aria-labelledby="upload-title">
          <h2 id="upload-title">Upload weights</h2>
          <WeightsUploader teamId={team.id} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="weights-title">
        <h2 id="weights-title">Team weights</h2>
        {team.weights.length === 0 ? (
          <EmptyState title="No weights uploaded yet">
            <p>{admin ? 'Upload a Keras .h5 file or a TensorFlow.js export above.' : 'Admins and owners can upload them.'} Runs can still start from ImageNet or random weights.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table aria-label="Team weights">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Backbone</th>
                  <th scope="col">Format</th>
                  <th scope="col">Size</th>
                  <th scope="col">sha256</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {team.weights.map((w) => (
                  <tr key={w.id}>
                    <td>{w.name}</td>
                    <td>{weightsLabel(w)}</td>
                    <td>{w.format === 'KERAS_H5' ? 'Keras h5' : 'TF.js export'}</td>
                    <td>{formatBytes(w.sizeBytes)}</td>
                    <td>
                      <code title={w.sha256}>{w.sha256.slice(0, 12)}…</code>
                    </td>
                    <td>
                      {formatDateTime(w.createdAt)} <span className="muted small">by {personName(w.createdBy)}</span>
                    </td>
                    <td>{admin ? <DeleteWeightsButton id={w.id} name={w.name} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="imagenet-title">
        <h2 id="imagenet-title">ImageNet on this server</h2>
        {imagenetWeights.length === 0 ? (
          <p className="small">
            This server holds no copy of Keras&apos;s ImageNet files: each trainer downloads them from Keras&apos;s host, and a pretrained run fails on a trainer that cannot reach it. The operator can put them here once with <code>transferlab-api import-weights FILE</code> (or upload VGG16&apos;s file marked <code>imagenet=true</code>).
          </p>
        ) : (
          <ul>
            {imagenetWeights.map((w) => (
              <li key={w.fileName}>
                {weightsLabel(w)}: <code>{w.fileName}</code> ({formatBytes(w.sizeBytes)})
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
