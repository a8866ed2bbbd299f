interface ConfusionMatrixProps {
  classes: string[];
  matrix: number[][];
  /** Which images the matrix counts (the caption says it); the validation split unless told. */
  split?: 'validation' | 'test';
}

/** Rows are true classes, columns predictions; a cell's shade is its share of the row. */
export function ConfusionMatrix({ classes, matrix, split = 'validation' }: ConfusionMatrixProps) {
  return (
    <div className="table-wrap">
      <table className="heatmap" aria-label={split === 'test' ? 'Confusion matrix (test)' : 'Confusion matrix'} data-testid={split === 'test' ? 'test-confusion-matrix' : 'confusion-matrix'} style={{ width: 'auto' }}>
        <caption className="small muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: '0.4rem' }}>
          Rows: true class. Columns: predicted class. {split === 'test' ? 'Held-out test images.' : 'Validation images.'}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">True class</span>
            </th>
            {classes.map((c) => (
              <th scope="col" key={c} style={{ textAlign: 'center', textTransform: 'none' }}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((c, i) => {
            const row = matrix[i] ?? [];
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={c}>
                <th scope="row" style={{ textTransform: 'none' }}>
                  {c}
                </th>
                {classes.map((p, j) => {
                  const count = row[j] ?? 0;
                  const share = count / total;
                  const diagonal = i === j;
                  const hue = diagonal ? '47, 91, 234' : '192, 50, 43';
                  return (
                    <td key={p} style={{ background: `rgba(${hue}, ${0.08 + share * 0.85})`, color: share > 0.55 ? '#fff' : 'var(--text)' }} title={`true ${c}, predicted ${p}: ${count}`}>
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
