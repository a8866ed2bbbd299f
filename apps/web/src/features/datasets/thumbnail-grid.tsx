import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

export const THUMBS_PER_PAGE = 24;

interface ThumbnailGridProps {
  basePath: string;
  datasetId: string;
  classNames: string[];
  selectedClass: string | null;
  split: 'train' | 'val' | null;
  page: number;
  total: number;
  items: { id: string; sha256: string; fileName: string; split: string; width: number; height: number }[];
}

function href(basePath: string, params: { class?: string | null; split?: string | null; page?: number }) {
  const search = new URLSearchParams();
  if (params.class) search.set('class', params.class);
  if (params.split) search.set('split', params.split);
  if (params.page) search.set('page', String(params.page));
  const query = search.toString();
  return `${basePath}${query ? `?${query}` : ''}#images`;
}

/** One class's images, a page at a time; fixed-size tiles so nothing moves as they load. */
export function ThumbnailGrid({ basePath, datasetId, classNames, selectedClass, split, page, total, items }: ThumbnailGridProps) {
  const pages = Math.max(1, Math.ceil(total / THUMBS_PER_PAGE));
  const from = total === 0 ? 0 : page * THUMBS_PER_PAGE + 1;
  const to = Math.min(total, (page + 1) * THUMBS_PER_PAGE);
  return (
    <div>
      <nav className="tabs" aria-label="Browse by class">
        {classNames.map((name) => (
          <Link key={name} href={href(basePath, { class: name, split })} aria-current={name === selectedClass ? 'true' : undefined} scroll={false}>
            {name}
          </Link>
        ))}
      </nav>
      <nav className="tabs" aria-label="Filter by split">
        {([null, 'train', 'val'] as const).map((s) => (
          <Link key={s ?? 'all'} href={href(basePath, { class: selectedClass, split: s })} aria-current={s === split ? 'true' : undefined} scroll={false}>
            {s ?? 'all splits'}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <EmptyState title="No images here yet">
          <p>Upload images into this class above.</p>
        </EmptyState>
      ) : (
        <div className="thumbs" aria-label={`Images of ${selectedClass ?? 'the dataset'}`} role="list">
          {items.map((image) => (
            <figure key={image.id} role="listitem">
              <img src={`/api/datasets/${datasetId}/images/${image.sha256}`} alt={image.fileName} loading="lazy" width={104} height={104} />
              <figcaption title={`${image.fileName} · ${image.width}×${image.height} · ${image.split}`}>{image.fileName}</figcaption>
            </figure>
          ))}
        </div>
      )}
      <div className="pager">
        <span className="small muted">
          {from}–{to} of {total}
        </span>
        {page > 0 ? (
          <Link className="button" href={href(basePath, { class: selectedClass, split, page: page - 1 })} scroll={false}>
            Previous
          </Link>
        ) : (
          <span className="button" aria-disabled="true">
            Previous
          </span>
        )}
        {page + 1 < pages ? (
          <Link className="button" href={href(basePath, { class: selectedClass, split, page: page + 1 })} scroll={false}>
            Next
          </Link>
        ) : (
          <span className="button" aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </div>
  );
}
