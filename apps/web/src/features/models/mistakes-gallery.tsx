'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { ConfusionMatrix } from '@/components/charts/confusion-matrix';
import { ErrorMessage } from '@/components/ui/error-message';
import { useMutation } from '@/components/ui/use-mutation';
import type { ModelPredictionsQuery } from '@/generated/graphql';
import { DeleteDatasetImageDocument, ModelPredictionsDocument, MoveDatasetImageDocument } from '@/graphql/models';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { formatPercent } from '@/lib/format';
import { ALL_PREDICTIONS, cleanedRunHref, filterCaption, predictionsVariables, toggleCell, type MistakesFilter } from './mistakes-filter';

const PAGE = 24;
type Page = NonNullable<ModelPredictionsQuery['model']>['predictions'];
type Item = Page['items'][number];

interface MistakesGalleryProps {
  modelId: string;
  teamId: string;
  datasetId: string;
  classes: string[];
  confusionMatrix: number[][];
  canEdit: boolean;
}

/**
 * The validation images the model gets most wrong (the API sorts them by loss), and a clickable
 * confusion matrix that narrows them to one cell. Members move an image to another class or delete
 * it from the dataset, then start a run on the cleaned dataset.
 */
export function MistakesGallery({ modelId, teamId, datasetId, classes, confusionMatrix, canEdit }: MistakesGalleryProps) {
  const [filter, setFilter] = useState<MistakesFilter>(ALL_PREDICTIONS);
  const [page, setPage] = useState<Page | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Bumped after a move or delete, so the first page is fetched again.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    browserGraphql(ModelPredictionsDocument, predictionsVariables(modelId, filter, PAGE)).then(
      ({ model }) => {
        if (!live) return;
        setPage(model?.predictions ?? null);
        setLoadError(null);
      },
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [modelId, filter, version]);

  async function more(after: string) {
    try {
      const { model } = await browserGraphql(ModelPredictionsDocument, predictionsVariables(modelId, filter, PAGE, after));
      const next = model?.predictions;
      if (next) setPage((previous) => (previous ? { ...next, items: [...previous.items, ...next.items] } : next));
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="stack">
      <ConfusionMatrix classes={classes} matrix={confusionMatrix} selected={filter} onSelectCell={(t, p) => setFilter((f) => toggleCell(f, t, p))} />
      <p className="small muted" data-testid="mistakes-caption">
        {page ? filterCaption(filter, page.totalCount) : 'Loading…'}
        {filter !== ALL_PREDICTIONS ? (
          <>
            {' '}
            <button type="button" className="cell-button" onClick={() => setFilter(ALL_PREDICTIONS)}>
              Show all
            </button>
          </>
        ) : null}
      </p>
      {loadError ? <p role="alert">{loadError}</p> : null}
      {page && page.items.length === 0 ? <p className="muted">No images here. Models trained before predictions were recorded have none.</p> : null}
      <div className="thumbs" role="list" aria-label="Most wrong images" data-testid="mistakes-gallery">
        {page?.items.map((item) => (
          <MistakeCard key={item.imageSha256} item={item} datasetId={datasetId} classes={classes} canEdit={canEdit} onChanged={() => setVersion((v) => v + 1)} />
        ))}
      </div>
      {page?.hasNextPage ? (
        <button type="button" onClick={() => page.endCursor && more(page.endCursor)}>
          More
        </button>
      ) : null}
      {canEdit ? (
        <p>
          <Link className="button primary" href={cleanedRunHref(teamId, datasetId)}>
            Start a run on the cleaned dataset
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function MistakeCard({ item, datasetId, classes, canEdit, onChanged }: { item: Item; datasetId: string; classes: string[]; canEdit: boolean; onChanged: () => void }) {
  const { run, pending, error } = useMutation();
  const image = item.image;
  const current = image?.className ?? null;
  const [target, setTarget] = useState(classes.find((c) => c !== current) ?? '');
  const wrong = item.trueClass !== item.predictedClass;
  return (
    <figure role="listitem" data-testid="mistake">
      <img src={`/api/datasets/${datasetId}/images/${item.imageSha256}`} alt={`true ${item.trueClass}, predicted ${item.predictedClass}`} loading="lazy" width={104} height={104} />
      <figcaption title={`loss ${item.loss.toFixed(3)}`}>
        {item.trueClass} → <strong style={{ color: wrong ? 'var(--danger)' : undefined }}>{item.predictedClass}</strong> {formatPercent(item.confidence)}
      </figcaption>
      {!image ? <span className="small muted">deleted</span> : current !== item.trueClass ? <span className="small muted">now {current}</span> : null}
      {canEdit && image ? (
        <div className="mistake-actions">
          <select aria-label="Move to class" value={target} onChange={(e) => setTarget(e.target.value)}>
            {classes
              .filter((c) => c !== current)
              .map((c) => (
                <option key={c}>{c}</option>
              ))}
          </select>
          <button type="button" disabled={pending || !target} onClick={async () => (await run(() => browserGraphql(MoveDatasetImageDocument, { imageId: image.id, className: target }))) && onChanged()}>
            Move
          </button>
          <button type="button" className="danger" disabled={pending} onClick={async () => (await run(() => browserGraphql(DeleteDatasetImageDocument, { imageId: image.id }))) && onChanged()}>
            Delete
          </button>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </figure>
  );
}
