import { LineChart } from '@/components/charts/line-chart';
import type { EpochPointFragment } from '@/generated/graphql';
import { epochAxis, seriesOf } from '@/lib/metrics/epoch-series';

const TRAIN = '#2f5bea';
const VAL = '#e0662b';

/** Loss and accuracy, train and validation, with the start of fine-tuning marked. */
export function RunCurves({ metrics, plannedEpochs }: { metrics: EpochPointFragment[]; plannedEpochs: number }) {
  const { points, boundary } = epochAxis(metrics);
  const markers = boundary === null ? [] : [{ x: boundary, label: 'fine-tuning starts' }];
  return (
    <div className="grid-2">
      <LineChart
        title="Loss"
        testId="loss-chart"
        xMax={plannedEpochs}
        markers={markers}
        series={[
          { name: 'train loss', color: TRAIN, points: seriesOf(points, 'loss') },
          { name: 'val loss', color: VAL, dashed: true, points: seriesOf(points, 'valLoss') },
        ]}
      />
      <LineChart
        title="Accuracy"
        testId="accuracy-chart"
        xMax={plannedEpochs}
        yMin={0}
        yMax={1}
        yFormat={(y) => `${Math.round(y * 100)}%`}
        markers={markers}
        series={[
          { name: 'train accuracy', color: TRAIN, points: seriesOf(points, 'accuracy') },
          { name: 'val accuracy', color: VAL, dashed: true, points: seriesOf(points, 'valAccuracy') },
        ]}
      />
    </div>
  );
}
