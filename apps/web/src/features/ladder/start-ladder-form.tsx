'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { FormField } from '@/features/runs/form-field';
import { StartLadderDocument } from '@/graphql/run-groups';
import { ApiError } from '@/lib/api/api-error';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { BACKBONE_CHOICES } from '@/lib/run-config/backbone-choices';
import { LADDER_DEFAULTS, toStartLadderInput, type LadderFormValues } from '@/lib/run-config/to-start-ladder-input';
import type { FieldErrors } from '@/lib/run-config/to-start-run-input';

/** "Run the ladder": queues baseline, feature extraction and fine-tuning of the dataset as one group. */
export function StartLadderForm({ teamId, datasetId }: { teamId: string; datasetId: string }) {
  const router = useRouter();
  const [values, setValues] = useState<LadderFormValues>(LADDER_DEFAULTS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = (key: 'imageSize' | 'epochs' | 'fineTuneEpochs' | 'backbone') => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = toStartLadderInput(datasetId, values);
    setErrors(parsed.errors ?? {});
    setMessage(null);
    if (!parsed.input) return;
    setPending(true);
    try {
      const { startLadder } = await browserGraphql(StartLadderDocument, { input: parsed.input });
      router.push(`/teams/${teamId}/groups/${startLadder.id}`);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fields);
      setMessage(error instanceof Error ? error.message : String(error));
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Run the ladder" noValidate>
      <p className="small muted">Three runs with one split, seed, image size and epochs: a baseline from scratch, feature extraction, and fine-tuning.</p>
      <div className="grid-2">
        <FormField id="ladder-imageSize" label="Image size" inputMode="numeric" value={values.imageSize} onValue={set('imageSize')} error={errors.imageSize} />
        <FormField id="ladder-epochs" label="Epochs" inputMode="numeric" value={values.epochs} onValue={set('epochs')} error={errors.epochs} />
        <FormField id="ladder-fineTuneEpochs" label="Fine-tune epochs" inputMode="numeric" value={values.fineTuneEpochs} onValue={set('fineTuneEpochs')} error={errors.fineTuneEpochs} />
        <div className="field">
          <label htmlFor="ladder-backbone">Backbone</label>
          <select id="ladder-backbone" value={values.backbone} onChange={(e) => set('backbone')(e.target.value)}>
            {BACKBONE_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label>
        <input type="checkbox" checked={values.pretrained} onChange={(e) => setValues((v) => ({ ...v, pretrained: e.target.checked }))} /> Transfer runs start from ImageNet weights
      </label>
      {message ? (
        <p className="alert error" role="alert">
          {message}
        </p>
      ) : null}
      <button className="button primary" type="submit" disabled={pending}>
        {pending ? 'Queuing…' : 'Run the ladder'}
      </button>
    </form>
  );
}
