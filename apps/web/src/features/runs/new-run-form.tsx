'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { StartSweepDocument } from '@/graphql/run-groups';
import { StartRunDocument } from '@/graphql/runs';
import { ApiError } from '@/lib/api/api-error';
import { browserGraphql } from '@/lib/api/browser-graphql';
import { BACKBONE_CHOICES } from '@/lib/run-config/backbone-choices';
import { DEFAULT_VALUES, type RunFormValues } from '@/lib/run-config/form-values';
import { formFieldOf, toStartRunInput, type FieldErrors } from '@/lib/run-config/to-start-run-input';
import { EMPTY_SWEEP_LISTS, sweepFieldId, sweepFormFieldOf, sweepSize, toStartSweepInput, type SweepListValues } from '@/lib/run-config/to-start-sweep-input';
import { FormField } from './form-field';
import { PresetPicker } from './preset-picker';
import { SweepFields } from './sweep-fields';
import { WeightsPicker, type WeightsChoices } from './weights-picker';

interface NewRunFormProps {
  teamId: string;
  datasets: { id: string; name: string; imageCount: number; classes: { name: string }[] }[];
  initialDatasetId: string | null;
  allowed: boolean;
  weights: WeightsChoices;
  /** 'sweep' when opened from a dataset's "Start a sweep" (`?mode=sweep`). */
  initialMode?: 'run' | 'sweep';
}

/** Every StartRunInput field, with the strategies as presets; client checks first, then the API's. */
export function NewRunForm({ teamId, datasets, initialDatasetId, allowed, weights, initialMode = 'run' }: NewRunFormProps) {
  const router = useRouter();
  const [values, setValues] = useState<RunFormValues>({ ...DEFAULT_VALUES, datasetId: initialDatasetId ?? datasets[0]?.id ?? '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // A sweep is this form's settings as the base, plus a list of values for a few of them.
  const [sweeping, setSweeping] = useState(initialMode === 'sweep');
  const [lists, setLists] = useState<SweepListValues>(EMPTY_SWEEP_LISTS);
  const set = <K extends keyof RunFormValues>(key: K) => (value: RunFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const fineTune = values.strategy === 'FINE_TUNE';
  const baseline = values.strategy === 'BASELINE';
  const field = (key: keyof RunFormValues, label: string, extra: Partial<Parameters<typeof FormField>[0]> = {}) => (
    <FormField id={key} label={label} value={String(values[key])} error={errors[key]} onValue={set(key) as (v: string) => void} inputMode="decimal" {...extra} />
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const result = sweeping ? toStartSweepInput(values, lists) : toStartRunInput(values);
    if (result.errors) {
      setErrors(result.errors);
      setFormError(`Fix the ${Object.keys(result.errors).length === 1 ? 'field' : `${Object.keys(result.errors).length} fields`} marked below.`);
      return;
    }
    setPending(true);
    try {
      if ('base' in result.input) {
        const { startSweep } = await browserGraphql(StartSweepDocument, { input: result.input });
        router.push(`/teams/${teamId}/groups/${startSweep.id}`);
      } else {
        const { startRun } = await browserGraphql(StartRunDocument, { input: result.input });
        router.push(`/teams/${teamId}/runs/${startRun.id}`);
      }
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        setErrors(Object.fromEntries(Object.entries(error.fields).map(([path, message]) => [(sweeping ? sweepFormFieldOf : formFieldOf)(path), message])));
      }
      setFormError(error instanceof Error ? error.message : String(error));
    }
  }

  if (datasets.length === 0) {
    return <p className="alert warn">This team has no dataset yet: create one and add images of at least two classes first.</p>;
  }

  return (
    <form onSubmit={submit} className="stack" aria-label="New run" noValidate>
      {formError ? (
        <div className="alert error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="datasetId">Dataset</label>
          <select id="datasetId" value={values.datasetId} onChange={(e) => set('datasetId')(e.target.value)} aria-invalid={errors.datasetId ? true : undefined}>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.imageCount} images, {d.classes.length} classes)
              </option>
            ))}
          </select>
          {errors.datasetId ? <span className="error">{errors.datasetId}</span> : null}
        </div>
        {field('name', sweeping ? 'Sweep name (optional)' : 'Run name (optional)', { inputMode: 'text', placeholder: 'e.g. vgg16-fe-224' })}
      </div>
      <div className="form-row" role="radiogroup" aria-label="What to start">
        <label>
          <input type="radio" name="mode" checked={!sweeping} onChange={() => setSweeping(false)} /> One run
        </label>
        <label>
          <input type="radio" name="mode" checked={sweeping} onChange={() => setSweeping(true)} /> A sweep (a grid of runs)
        </label>
      </div>
      <PresetPicker
        strategy={values.strategy}
        onPick={(preset) => {
          setValues((v) => ({ ...v, ...preset.values }));
          setErrors({});
        }}
      />
      <fieldset>
        <legend>Model</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="backbone">Backbone</label>
            <select
              id="backbone"
              value={values.backbone}
              disabled={baseline}
              // Uploaded weights fit one backbone: another backbone starts from ImageNet instead.
              onChange={(e) => setValues((v) => ({ ...v, backbone: e.target.value as RunFormValues['backbone'], weightsId: '', pretrained: v.pretrained || v.weightsId !== '' }))}
            >
              {BACKBONE_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
            <span className="hint">{BACKBONE_CHOICES.find((choice) => choice.value === values.backbone)?.line}</span>
          </div>
          <WeightsPicker teamId={teamId} values={values} disabled={baseline} choices={weights} error={errors.weightsId} onPick={(pick) => setValues((v) => ({ ...v, ...pick }))} />
          {field('imageSize', 'Image size (px)', { inputMode: 'numeric', hint: '32–1024; the recipe uses 224.' })}
          {field('dropout', 'Dropout', { hint: baseline ? "0 to below 1; the baseline has none (the recipe's network)" : '0 to below 1, before the new head' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        <div className="form-grid">
          {field('epochs', baseline ? 'Epochs' : 'Feature-extraction epochs', { inputMode: 'numeric' })}
          {field('batchSize', 'Batch size', { inputMode: 'numeric' })}
          {field('learningRate', 'Learning rate')}
          {field('validationSplit', 'Validation split', { hint: 'Used only when the dataset has no val images.' })}
          {field('testSplit', 'Test split', { hint: 'Held out from training and from choosing the epoch; its accuracy is the honest one. 0 = none.' })}
          {field('earlyStoppingPatience', 'Early-stopping patience (optional)', { inputMode: 'numeric', hint: 'Epochs without improvement; empty = off.' })}
          {field('seed', 'Seed (optional)', { inputMode: 'numeric', hint: 'Empty = drawn at random and recorded.' })}
        </div>
      </fieldset>
      <fieldset disabled={!fineTune}>
        <legend>Fine-tuning {fineTune ? '' : '(fine-tune strategy only)'}</legend>
        <div className="form-grid">
          {field('fineTuneEpochs', 'Fine-tune epochs', { inputMode: 'numeric' })}
          {field('fineTuneLearningRate', 'Fine-tune learning rate')}
          {field('unfreezeFrom', 'Unfreeze from layer (optional)', { inputMode: 'text', placeholder: 'e.g. block5_conv1', hint: 'Default: the last conv block.' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Augmentation</legend>
        <div className="form-grid">
          <div className="field">
            <span>Flip</span>
            <label style={{ fontWeight: 400 }}>
              <input type="checkbox" checked={values.flip} onChange={(e) => set('flip')(e.target.checked)} /> Random horizontal flips
            </label>
          </div>
          {field('rotationDegrees', 'Rotation (degrees)', { hint: '0–180' })}
          {field('zoom', 'Zoom', { hint: '0 to below 0.9' })}
          {field('brightness', 'Brightness', { hint: '0–1' })}
          {field('contrast', 'Contrast', { hint: '0 to below 0.9' })}
          {field('saturation', 'Saturation', { hint: 'times 1 ± this; 0–1' })}
          {field('hue', 'Hue (turns)', { hint: '± this much of the colour wheel; 0–0.5' })}
        </div>
        <p className="small muted">With augmentation, backbone features cannot be cached, so each epoch is slower.</p>
      </fieldset>
      {sweeping ? (
        <SweepFields
          strategy={values.strategy}
          lists={lists}
          errors={errors}
          onList={(parameter, value) => {
            setLists((l) => ({ ...l, [parameter]: value }));
            setErrors((e) => ({ ...e, [sweepFieldId(parameter)]: undefined, sweep: undefined }));
          }}
        />
      ) : null}
      <div className="form-row">
        <button type="submit" className="primary" disabled={pending || !allowed}>
          {pending ? 'Starting…' : sweeping ? `Start sweep (${sweepSize(lists, values.strategy).runs} runs)` : 'Start run'}
        </button>
        {allowed ? null : <span className="muted">Viewers cannot start runs; ask an admin for the MEMBER role.</span>}
      </div>
    </form>
  );
}
