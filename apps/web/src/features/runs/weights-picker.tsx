'use client';

import Link from 'next/link';
import type { Backbone } from '@/generated/graphql';
import type { RunFormValues } from '@/lib/run-config/form-values';
import { BACKBONE_ALPHAS, BACKBONE_LABELS, weightsLabel } from '../weights/backbone-choices';

export interface WeightsChoices {
  uploaded: { id: string; name: string; backbone: Backbone; alpha?: number | null }[];
  /** The server's copies of Keras's ImageNet files. */
  imagenet: { backbone: Backbone; alpha?: number | null }[];
}

interface WeightsPickerProps {
  teamId: string;
  values: Pick<RunFormValues, 'backbone' | 'pretrained' | 'weightsId'>;
  disabled: boolean;
  choices: WeightsChoices;
  error?: string;
  onPick(pick: Pick<RunFormValues, 'pretrained' | 'weightsId'>): void;
}

const asset = (id: string) => `asset:${id}`;

/** Where the backbone starts: ImageNet, one of the team's uploads for this backbone, or random. */
export function WeightsPicker({ teamId, values, disabled, choices, error, onPick }: WeightsPickerProps) {
  const compatible = choices.uploaded.filter((w) => w.backbone === values.backbone);
  const selected = disabled ? 'none' : values.weightsId ? asset(values.weightsId) : values.pretrained ? 'imagenet' : 'none';
  // Runs from the form use Keras's default width, so only that copy serves them.
  const serverHasImagenet = choices.imagenet.some((w) => w.backbone === values.backbone && (!BACKBONE_ALPHAS[values.backbone] || w.alpha === 1));
  return (
    <div className="field">
      <label htmlFor="weights">Weights</label>
      <select
        id="weights"
        value={selected}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const value = e.target.value;
          onPick(value.startsWith('asset:') ? { pretrained: true, weightsId: value.slice('asset:'.length) } : { pretrained: value === 'imagenet', weightsId: '' });
        }}
      >
        <option value="imagenet">Pretrained on ImageNet</option>
        {compatible.map((w) => (
          <option key={w.id} value={asset(w.id)}>
            {w.name} ({weightsLabel(w)}, uploaded)
          </option>
        ))}
        <option value="none">Random (no pretrained weights)</option>
      </select>
      {error ? <span className="error">{error}</span> : null}
      {selected === 'imagenet' && !serverHasImagenet ? (
        <span className="hint" role="note">
          This server has no copy of Keras&apos;s ImageNet weights for {BACKBONE_LABELS[values.backbone]}: each trainer downloads them, and the run fails if it cannot reach Keras&apos;s host. Pick uploaded weights, or see <Link href={`/teams/${teamId}/weights`}>Weights</Link>.
        </span>
      ) : (
        <span className="hint">{selected === 'none' ? 'Random initial weights (for tests and comparisons).' : 'Trainers fetch these from this server.'}</span>
      )}
    </div>
  );
}
