import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ClassCountsChart } from '@/components/charts/class-counts-chart';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHead } from '@/components/ui/page-head';
import { DatasetWarnings } from '@/features/datasets/dataset-warnings';
import { ImageUploader } from '@/features/datasets/image-uploader';
import { THUMBS_PER_PAGE, ThumbnailGrid } from '@/features/datasets/thumbnail-grid';
import { ZipImporter } from '@/features/datasets/zip-importer';
import { StartLadderForm } from '@/features/ladder/start-ladder-form';
import { DatasetPageDocument } from '@/graphql/datasets';
import { loadPage } from '@/lib/api/server-graphql';
import { canEdit } from '@/lib/roles';

export const metadata: Metadata = { title: 'Dataset' };

interface DatasetPageProps {
  params: Promise<{ teamId: string; datasetId: string }>;
  searchParams: Promise<{ class?: string; split?: string; page?: string }>;
}

export default async function DatasetPage({ params, searchParams }: DatasetPageProps) {
  const { teamId, datasetId } = await params;
  const query = await searchParams;
  const split = query.split === 'train' || query.split === 'val' ? query.split : null;
  const page = Math.max(0, Number.parseInt(query.page ?? '0', 10) || 0);
  // The class list is needed to pick the default class; one request when a class is named.
  const first = await loadPage(DatasetPageDocument, { id: datasetId, className: query.class ?? null, split, first: THUMBS_PER_PAGE, offset: page * THUMBS_PER_PAGE });
  let dataset = first.dataset;
  if (!dataset || dataset.team.id !== teamId) notFound();
  const selectedClass = query.class ?? dataset.classes[0]?.name ?? null;
  if (!query.class && selectedClass) {
    dataset = (await loadPage(DatasetPageDocument, { id: datasetId, className: selectedClass, split, first: THUMBS_PER_PAGE, offset: page * THUMBS_PER_PAGE })).dataset ?? dataset;
  }
  const editable = canEdit(dataset.team.myRole);
  const basePath = `/teams/${teamId}/datasets/${datasetId}`;

  return (
    <main className="page stack">
      <PageHead
        title={dataset.name}
        subtitle={`${dataset.imageCount} images in ${dataset.classes.length} classes · ${dataset.trainCount} train, ${dataset.valCount} val${dataset.revision ? ` · revision ${dataset.revision} (images moved or deleted)` : ''}`}
        actions={
          editable && dataset.classes.length >= 2 ? (
            <Link className="button primary" href={`/teams/${teamId}/runs/new?dataset=${dataset.id}`}>
              Train on this dataset
            </Link>
          ) : null
        }
      />
      <DatasetWarnings warnings={dataset.warnings} />
      <div className="grid-2">
        <section className="card" aria-labelledby="counts-title">
          <h2 id="counts-title">Images per class</h2>
          {dataset.classes.length === 0 ? (
            <EmptyState title="No images yet">
              <p>{editable ? 'Drop images into a class to start.' : 'A member of the team can add images.'}</p>
            </EmptyState>
          ) : (
            <ClassCountsChart classes={dataset.classes} />
          )}
        </section>
        {editable ? (
          <section className="card" aria-labelledby="upload-title">
            <h2 id="upload-title">Add images</h2>
            <ImageUploader datasetId={dataset.id} classNames={dataset.classes.map((c) => c.name)} />
          </section>
        ) : null}
      </div>
      {editable && dataset.classes.length >= 2 ? (
        <section className="card" aria-labelledby="ladder-title">
          <h2 id="ladder-title">The transfer ladder</h2>
          <StartLadderForm teamId={teamId} datasetId={dataset.id} />
          <p className="small">
            Or try several settings of one strategy at once: <Link href={`/teams/${teamId}/runs/new?dataset=${dataset.id}&mode=sweep`}>start a sweep</Link> (a grid of learning rates, dropouts, image sizes…).
          </p>
        </section>
      ) : null}
      {editable ? (
        <section className="card" aria-labelledby="import-title">
          <h2 id="import-title">Import a zip</h2>
          <ZipImporter datasetId={dataset.id} />
        </section>
      ) : null}
      <section className="card" id="images" aria-labelledby="images-title">
        <h2 id="images-title">Images</h2>
        {dataset.classes.length === 0 ? (
          <EmptyState title="Nothing to show yet" />
        ) : (
          <ThumbnailGrid basePath={basePath} datasetId={dataset.id} classNames={dataset.classes.map((c) => c.name)} selectedClass={selectedClass} split={split} page={page} total={dataset.images.total} items={dataset.images.items} />
        )}
      </section>
    </main>
  );
}
