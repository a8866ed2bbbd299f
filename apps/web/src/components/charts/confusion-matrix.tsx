interface ConfusionMatrixProps {
  classes: string[];
  matrix: number[][];
  /** Which images the matrix counts (the caption says it); the validation split unless told. */
  split?: 'validation' | 'test';
  /** When given, each cell is a button that selects it (the gallery of that cell's images). */
  onSelectCell?: (trueClass: string, predictedClass: string) => void;
  selected?: { trueClass: string | null; predictedClass: string | null };
}

/** Rows are true classes, columns predictions; a cell's shade is its share of the row. */
export function ConfusionMatrix({ classes, matrix, split = 'validation', onSelectCell, selected }: ConfusionMatrixProps) {
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
                  const isSelected = selected?.trueClass === c && selected.predictedClass === p;
                  return (
                    <td
                      key={p}
                      style={{ background: `rgba(${hue}, ${0.08 + share * 0.85})`, color: share > 0.55 ? '#fff' : 'var(--text)', outline: isSelected ? '3px solid var(--text)' : undefined }}
                      title={`true ${c}, predicted ${p}: ${count}`}
                    >
                      {onSelectCell ? (
                        <button type="button" className="cell-button" aria-pressed={isSelected} aria-label={`Show images of true ${c}, predicted ${p} (${count})`} onClick={() => onSelectCell(c, p)} style={{ color: 'inherit' }}>
                          {count}
                        </button>
                      ) : (
                        count
                      )}
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
