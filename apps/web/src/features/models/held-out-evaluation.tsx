import { ConfusionMatrix } from '@/components/charts/confusion-matrix';
import { formatPercent } from '@/lib/format';
import { ClassMetricsTable } from './class-metrics-table';

interface Evaluation {
  accuracy: number;
  count: number;
  confusionMatrix: number[][];
  classMetrics: { name: string; precision: number; recall: number; f1: number; support: number }[];
}

/**
 * The test split's numbers, kept apart from validation's: the validation split chose the epoch, so
 * only the test split is a held-out measure. Says so when the run had none.
 */
export function HeldOutEvaluation({ classes, evaluation }: { classes: string[]; evaluation: Evaluation | null }) {
  if (!evaluation) {
    return (
      <p className="small muted" data-testid="no-test-split">
        This run had no test split (a <code>test/</code> folder or a test fraction), so there is no held-out measure: the validation numbers above
        come from the images that chose the epoch kept.
      </p>
    );
  }
  return (
    <div className="stack">
      <div className="stats">
        <div className="stat">
          <span className="value" data-testid="model-test-accuracy">
            {formatPercent(evaluation.accuracy)}
          </span>
          <span className="label">Test accuracy</span>
        </div>
        <div className="stat">
          <span className="value">{evaluation.count}</span>
          <span className="label">Test images</span>
        </div>
      </div>
      <div className="grid-2">
        <ConfusionMatrix classes={classes} matrix={evaluation.confusionMatrix} split="test" />
        <ClassMetricsTable metrics={evaluation.classMetrics} />
      </div>
    </div>
  );
}
