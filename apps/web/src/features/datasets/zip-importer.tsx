'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { xhrUpload, type UploadResult } from '@/lib/upload/xhr-upload';

/** Imports a zip in the Keras folder layout (`class/…` or `train|val/class/…`), with progress. */
export function ZipImporter({ datasetId }: { datasetId: string }) {
  const router = useRouter();
  const ids = useId();
  const [split, setSplit] = useState<'train' | 'val'>('train');
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function importZip(file: File) {
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await xhrUpload(`/api/datasets/${datasetId}/import?split=${split}`, file, { contentType: 'application/zip', onProgress: setProgress }));
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  }

  return (
    <div className="stack">
      <p className="small muted" style={{ margin: 0 }}>
        A zip of <code>class/image.jpg</code> folders, or of <code>train/class/…</code> and <code>val/class/…</code>.
      </p>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${ids}-split`}>Split for class folders</label>
          <select id={`${ids}-split`} value={split} onChange={(e) => setSplit(e.target.value as 'train' | 'val')}>
            <option value="train">train</option>
            <option value="val">val</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-zip`}>Zip file</label>
          <input
            id={`${ids}-zip`}
            type="file"
            accept=".zip,application/zip"
            disabled={progress !== null}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importZip(file);
              event.target.value = '';
            }}
          />
        </div>
      </div>
      {progress !== null ? <progress max={1} value={progress} aria-label="Zip import progress" style={{ width: '100%' }} /> : null}
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className={result.rejected.length ? 'alert warn' : 'alert ok'} role="status">
          Imported {result.accepted} image{result.accepted === 1 ? '' : 's'}
          {result.rejected.length ? `; ${result.rejected.length} rejected:` : '.'}
          {result.rejected.length ? (
            <ul>
              {result.rejected.map((r) => (
                <li key={r.file}>
                  <strong>{r.file}</strong>: {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
