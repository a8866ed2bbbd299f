import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHead } from '@/components/ui/page-head';
import { ClassMetricsTable } from '@/features/models/class-metrics-table';
import { HeldOutEvaluation } from '@/features/models/held-out-evaluation';
import { MistakesGallery } from '@/features/models/mistakes-gallery';
import { PhaseBestsTable } from '@/features/models/phase-bests-table';
import { SetAliasForm } from '@/features/models/set-alias-form';
import { TryModel } from '@/features/models/try-model';
import { STRATEGY_LABEL } from '@/features/runs/status-badge';
import { ModelPageDocument } from '@/graphql/models';
import { loadPage } from '@/lib/api/server-graphql';
import { formatDateTime, formatPercent, runLabel } from '@/lib/format';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'Model' };

export default async function ModelPage({ params }: { params: Promise<{ teamId: string; modelId: string }> }) {
  const { teamId, modelId } = await params;
  const { model } = await loadPage(ModelPageDocument, { id: modelId });
  if (!model || model.run.team.id !== teamId) notFound();
  const files = ['model.json', 'weights.bin', 'metadata.json'];
  return (
    <main className="page stack">
      <PageHead
        title={
          <>
            {model.name} v{model.version}{' '}
            {model.aliases.map((a) => (
              <span key={a} className="badge alias">
                {a}
              </span>
            ))}
          </>
        }
        subtitle={
          <>
            {STRATEGY_LABEL[model.run.strategy]} · {model.backbone ?? 'baseline CNN'} · {model.imageSize}×{model.imageSize} · from <Link href={`/teams/${teamId}/runs/${model.run.id}`}>{runLabel(model.run)}</Link> · {formatDateTime(model.createdAt)}
          </>
        }
      />
      <section className="card">
        <div className="stats">
          <div className="stat">
            <span className="value" data-testid="model-val-accuracy">
              {formatPercent(model.valAccuracy)}
            </span>
            <span className="label">Val accuracy (chose the epoch)</span>
          </div>
          <div className="stat">
            <span className="value">{formatPercent(model.testEvaluation?.accuracy)}</span>
            <span className="label">Test accuracy (held out)</span>
          </div>
          <div className="stat">
            <span className="value">{model.classes.length}</span>
            <span className="label">Classes</span>
          </div>
        </div>
      </section>
      <section className="card" aria-labelledby="cm-title">
        <h2 id="cm-title">Confusion matrix (validation) and the most wrong images</h2>
        <p className="small muted">Click a cell of the matrix to see exactly its images.</p>
        <MistakesGallery modelId={model.id} teamId={teamId} datasetId={model.run.dataset.id} classes={model.classes} confusionMatrix={model.confusionMatrix} canEdit={canEdit(model.run.team.myRole)} />
      </section>
      <section className="card" aria-labelledby="pcm-title">
        <h2 id="pcm-title">Per class (validation)</h2>
        <ClassMetricsTable metrics={model.classMetrics} />
      </section>
      <section className="card" aria-labelledby="test-title">
        <h2 id="test-title">Test (held out)</h2>
        <HeldOutEvaluation classes={model.classes} evaluation={model.testEvaluation ?? null} />
      </section>
      {model.phaseBests.length ? (
        <section className="card" aria-labelledby="phases-title">
          <h2 id="phases-title">Phases</h2>
          <PhaseBestsTable phases={model.phaseBests} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="try-title">
        <h2 id="try-title">Try it</h2>
        <TryModel modelId={model.id} />
      </section>
      <div className="grid-2">
        {canEdit(model.run.team.myRole) ? (
          <section className="card" aria-labelledby="alias-title">
            <h2 id="alias-title">Aliases</h2>
            <SetAliasForm modelId={model.id} />
          </section>
        ) : null}
        <section className="card" aria-labelledby="files-title">
          <h2 id="files-title">Download</h2>
          <p className="small muted">TensorFlow.js layers files; load model.json with tf.loadLayersModel in Node or a browser.</p>
          <ul>
            {files.map((f) => (
              <li key={f}>
                <a href={`/api/models/${model.id}/${f}`} download={f}>
                  {f}
                </a>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
