'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import type { Backbone } from '@/generated/graphql';
import { xhrPost } from '@/lib/upload/xhr-upload';
import { BACKBONE_ALPHAS, BACKBONE_LABELS } from './backbone-choices';

/**
 * Uploads pretrained weights with progress: one Keras .h5 file, or a TensorFlow.js export (model.json
 * with its weight files, or a .zip of them). The API loads them into the backbone before accepting them.
 */
export function WeightsUploader({ teamId }: { teamId: string }) {
  const router = useRouter();
  const ids = useId();
  const [name, setName] = useState('');
  const [backbone, setBackbone] = useState<Backbone>('VGG16');
  const [alpha, setAlpha] = useState('1');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const alphas = BACKBONE_ALPHAS[backbone];

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (files.length === 0) {
      setError('Choose the weights file(s) first.');
      return;
    }
    const form = new FormData();
    form.append('name', name.trim() || (files[0]?.name.replace(/\.(h5|hdf5|zip|json)$/i, '') ?? ''));
    form.append('backbone', backbone);
    if (alphas) form.append('alpha', alpha);
    for (const file of files) form.append('files', file, file.name);
    setProgress(0);
    try {
      const stored = await xhrPost<{ name: string; sha256: string }>(`/api/teams/${teamId}/weights`, form, { onProgress: setProgress });
      setDone(`Uploaded “${stored.name}” (sha256 ${stored.sha256.slice(0, 12)}…): it loads into ${BACKBONE_LABELS[backbone]}.`);
      setName('');
      setFiles([]);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  }

  return (
    <form className="stack" onSubmit={upload} aria-label="Upload weights">
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${ids}-name`}>Weights name</label>
          <input id={`${ids}-name`} value={name} maxLength={100} placeholder="e.g. mobilenet-on-our-photos" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-backbone`}>For backbone</label>
          <select id={`${ids}-backbone`} value={backbone} onChange={(e) => setBackbone(e.target.value as Backbone)}>
            {(Object.keys(BACKBONE_LABELS) as Backbone[]).map((b) => (
              <option key={b} value={b}>
                {BACKBONE_LABELS[b]}
              </option>
            ))}
          </select>
        </div>
        {alphas ? (
          <div className="field">
            <label htmlFor={`${ids}-alpha`}>Width (alpha)</label>
            <select id={`${ids}-alpha`} value={alpha} onChange={(e) => setAlpha(e.target.value)}>
              {alphas.map((a) => (
                <option key={a} value={String(a)}>
                  {a}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${ids}-files`}>Weights files</label>
          <input id={`${ids}-files`} type="file" multiple accept=".h5,.hdf5,.zip,.json,.bin" disabled={progress !== null} onChange={(e) => setFiles([...(e.target.files ?? [])])} />
          <span className="hint">A Keras .h5 file, or a TensorFlow.js export: model.json with its .bin files, or one .zip of them.</span>
        </div>
      </div>
      <div className="form-row">
        <button type="submit" className="primary" disabled={progress !== null}>
          {progress !== null ? 'Uploading…' : 'Upload weights'}
        </button>
      </div>
      {progress !== null ? <progress max={1} value={progress} aria-label="Weights upload progress" style={{ width: '100%' }} /> : null}
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="alert ok" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}
