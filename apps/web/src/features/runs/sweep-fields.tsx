import { SWEEP_BOUNDS, SWEEP_PARAMETERS } from '@transferlab/run-config';
import type { Strategy } from '@/generated/graphql';
import type { FieldErrors } from '@/lib/run-config/to-start-run-input';
import { describeSweepSize, SWEEP_LABEL, sweepApplies, sweepFieldId, sweepSize, type SweepListValues } from '@/lib/run-config/to-start-sweep-input';
import { FormField } from './form-field';

interface SweepFieldsProps {
  strategy: Strategy;
  lists: SweepListValues;
  errors: FieldErrors;
  onList: (parameter: keyof SweepListValues, value: string) => void;
}

/** The sweep's grid: a comma list per hyperparameter, and the runs it makes, counted as the user types. */
export function SweepFields({ strategy, lists, errors, onList }: SweepFieldsProps) {
  const size = sweepSize(lists, strategy);
  const over = size.runs > SWEEP_BOUNDS.maxRuns;
  return (
    <fieldset>
      <legend>Sweep</legend>
      <p className="small muted">
        One run per combination of these values, with every other setting as above (one seed and split for all). Empty: the setting above only. At most {SWEEP_BOUNDS.maxValuesPerList} values a list and{' '}
        {SWEEP_BOUNDS.maxRuns} runs.
      </p>
      <div className="form-grid">
        {SWEEP_PARAMETERS.filter((p) => sweepApplies(p, strategy)).map((parameter) => (
          <FormField
            key={parameter}
            id={sweepFieldId(parameter)}
            label={`${SWEEP_LABEL[parameter]} values`}
            inputMode="text"
            placeholder={parameter === 'unfreezeFrom' ? 'e.g. block4_conv1, block5_conv1' : 'comma-separated'}
            value={lists[parameter]}
            error={errors[sweepFieldId(parameter)]}
            onValue={(value) => onList(parameter, value)}
          />
        ))}
      </div>
      <p className={over ? 'error' : 'small'} data-testid="sweep-size" aria-live="polite">
        {describeSweepSize(size)}
        {over ? ` (more than ${SWEEP_BOUNDS.maxRuns})` : ''}
      </p>
      {errors.sweep ? <p className="error">{errors.sweep}</p> : null}
    </fieldset>
  );
}
