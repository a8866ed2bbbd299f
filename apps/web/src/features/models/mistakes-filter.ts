/** Which of a model's predictions the "Most wrong" gallery shows: all, or one confusion-matrix cell's. */
export interface MistakesFilter {
  trueClass: string | null;
  predictedClass: string | null;
}

export const ALL_PREDICTIONS: MistakesFilter = { trueClass: null, predictedClass: null };

/** Clicking a cell shows its images; clicking the selected cell again shows all of them. */
export function toggleCell(current: MistakesFilter, trueClass: string, predictedClass: string): MistakesFilter {
  return isCell(current, trueClass, predictedClass) ? ALL_PREDICTIONS : { trueClass, predictedClass };
}

export function isCell(filter: MistakesFilter, trueClass: string, predictedClass: string): boolean {
  return filter.trueClass === trueClass && filter.predictedClass === predictedClass;
}

/** The Model.predictions arguments for the filter: the validation split, most wrong first. */
export function predictionsVariables(modelId: string, filter: MistakesFilter, first: number, after: string | null = null) {
  return { id: modelId, first, after, trueClass: filter.trueClass, predictedClass: filter.predictedClass, split: 'VAL' as const };
}

/** "daisy → tulips (2 images)", or "All validation images, most wrong first". */
export function filterCaption(filter: MistakesFilter, total: number): string {
  const images = `${total} image${total === 1 ? '' : 's'}`;
  if (filter.trueClass === null || filter.predictedClass === null) return `All validation images, most wrong first (${images})`;
  const kind = filter.trueClass === filter.predictedClass ? 'right' : 'wrong';
  return `True ${filter.trueClass}, predicted ${filter.predictedClass}: ${kind} (${images}), most wrong first`;
}

/** The run form, with the dataset the model was trained on already chosen. */
export function cleanedRunHref(teamId: string, datasetId: string): string {
  return `/teams/${encodeURIComponent(teamId)}/runs/new?dataset=${encodeURIComponent(datasetId)}`;
}
