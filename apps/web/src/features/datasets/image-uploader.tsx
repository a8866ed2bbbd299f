'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type DragEvent } from 'react';
import { formatBytes } from '@/lib/format';
import { useFileUploads } from './use-file-uploads';

interface ImageUploaderProps {
  datasetId: string;
  classNames: string[];
}

/** Drag-and-drop (or choose) images into one class and split, with per-file progress and verdicts. */
export function ImageUploader({ datasetId, classNames }: ImageUploaderProps) {
  const router = useRouter();
  const ids = useId();
  const [className, setClassName] = useState(classNames[0] ?? '');
  const [split, setSplit] = useState<'train' | 'val'>('train');
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { uploads, busy, upload } = useFileUploads(datasetId, () => router.refresh());

  function start(files: File[]) {
    if (files.length === 0) return;
    if (!className.trim()) {
      setProblem('Enter the class these images belong to, then drop them again.');
      return;
    }
    setProblem(null);
    void upload(files, className.trim(), split);
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    start([...event.dataTransfer.files]);
  }

  const rejected = uploads.filter((u) => u.state === 'rejected');
  const accepted = uploads.filter((u) => u.state === 'accepted').length;

  return (
    <div className="stack">
      <div className="form-row">
        <div className="field" style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor={`${ids}-class`}>Class</label>
          <input id={`${ids}-class`} list={`${ids}-classes`} value={className} onChange={(e) => setClassName(e.target.value)} placeholder="e.g. daisy" aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${ids}-problem` : undefined} />
          <datalist id={`${ids}-classes`}>
            {classNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-split`}>Split</label>
          <select id={`${ids}-split`} value={split} onChange={(e) => setSplit(e.target.value as 'train' | 'val')}>
            <option value="train">train</option>
            <option value="val">val</option>
          </select>
        </div>
      </div>
      {problem ? (
        <p id={`${ids}-problem`} className="alert error" role="alert">
          {problem}
        </p>
      ) : null}
      <div
        className="dropzone"
        data-testid="image-dropzone"
        data-over={over}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p style={{ margin: '0 0 0.5rem' }}>Drop images here (JPEG, PNG, GIF, WebP, BMP)</p>
        <label className="button" htmlFor={`${ids}-files`}>
          Choose images…
        </label>
        <input
          id={`${ids}-files`}
          className="visually-hidden"
          type="file"
          multiple
          accept="image/*"
          aria-label="Images to upload"
          onChange={(event) => {
            start([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {uploads.length > 0 ? (
        <div aria-live="polite">
          <p className="small muted" role="status">
            {busy ? 'Uploading…' : 'Upload finished.'} {accepted} accepted, {rejected.length} rejected of {uploads.length}.
          </p>
          <ul className="file-list" aria-label="Uploads">
            {uploads.map((u) => (
              <li key={u.key}>
                <span title={u.name} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {u.name} <span className="muted">({formatBytes(u.size)})</span>
                </span>
                <progress max={1} value={u.progress} aria-label={`Upload progress of ${u.name}`} />
                <span className={u.state === 'rejected' ? 'badge FAILED' : u.state === 'accepted' ? 'badge SUCCEEDED' : 'badge'}>{u.state}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {rejected.length > 0 ? (
        <div className="alert error" role="region" aria-label="Rejected files">
          <strong>Rejected files</strong>
          <ul>
            {rejected.map((u) => (
              <li key={u.key}>
                <strong>{u.name}</strong>: {u.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
