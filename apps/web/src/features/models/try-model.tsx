'use client';

import { useState, type DragEvent } from 'react';
import { PredictDocument } from '@/graphql/models';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { formatPercent } from '@/lib/format';
import { imageToBase64 } from './image-to-base64';

interface Prediction {
  label: string;
  probability: number;
}

/** Drop an image, see the API's top predictions for it. */
export function TryModel({ modelId }: { modelId: string }) {
  const [preview, setPreview] = useState<string | null>(null);
  const [predictions, setPredictions] = useState<Prediction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [over, setOver] = useState(false);

  async function predict(file: File | undefined) {
    if (!file) return;
    setPending(true);
    setError(null);
    setPredictions(null);
    try {
      const image = await imageToBase64(file);
      setPreview(image);
      const { predict: result } = await browserGraphql(PredictDocument, { modelId, imageBase64: image, topK: 5 });
      setPredictions(result);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid-2" style={{ alignItems: 'start' }}>
      <div
        className="dropzone"
        data-testid="predict-dropzone"
        data-over={over}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e: DragEvent<HTMLDivElement>) => {
          e.preventDefault();
          setOver(false);
          void predict(e.dataTransfer.files[0]);
        }}
      >
        <div style={{ width: 160, height: 160, margin: '0 auto 0.75rem', borderRadius: 8, background: '#e8ecf2', overflow: 'hidden' }}>
          {preview ? <img src={preview} alt="The image to classify" style={{ width: '100%', height: '100%', objectFit: 'contain' }} /> : null}
        </div>
        <p style={{ margin: '0 0 0.5rem' }}>Drop an image here</p>
        <label className="button" htmlFor="predict-file">
          Choose an image…
        </label>
        <input id="predict-file" className="visually-hidden" type="file" accept="image/*" aria-label="Image to classify" onChange={(e) => void predict(e.target.files?.[0])} />
      </div>
      <div aria-live="polite" style={{ minHeight: 180 }}>
        <h3>Top predictions</h3>
        {pending ? <p className="muted">Asking the model…</p> : null}
        {error ? (
          <p className="alert error" role="alert">
            {error}
          </p>
        ) : null}
        {predictions ? (
          <ol className="predictions" aria-label="Predictions">
            {predictions.map((p) => (
              <li key={p.label}>
                <strong>{p.label}</strong>
                <div className="bar" aria-hidden="true">
                  <div style={{ width: `${p.probability * 100}%` }} />
                </div>
                <span className="num">{formatPercent(p.probability)}</span>
              </li>
            ))}
          </ol>
        ) : pending || error ? null : (
          <p className="muted">Predictions appear here.</p>
        )}
      </div>
    </div>
  );
}
