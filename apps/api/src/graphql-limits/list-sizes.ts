import { SWEEP_BOUNDS } from '@transferlab/ml-core/no-tfjs';
import { MAX_RUNS_PAGE } from '../resolvers/runs/list-runs';
import { LADDER_STRATEGIES } from '../runs/ladder-comparison';

/** Arguments that say how many items a field returns (Team.runs(first), Dataset.images(first)). */
export const PAGE_SIZE_ARGUMENTS = ['first', 'limit'] as const;

/** A list argument whose length is the number of items returned (Query.runs(ids)). */
export const ID_LIST_ARGUMENT = 'ids';

/** Items assumed for a list with no page size: the contract's own default page (Team.runs(first = 50)). */
export const DEFAULT_LIST_SIZE = 50;

/** Lists whose size is known better than the default, by `Type.field`. */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  // Dataset.images(first) already multiplies its page by `first`; the page's items are that many.
  'DatasetImagePage.items': 1,
  // Model.predictions(first) likewise.
  'ModelPredictionConnection.items': 1,
  // Without `ids`, the team's newest runs.
  'Query.runs': MAX_RUNS_PAGE,
  // A group is a ladder (one run per rung) or a sweep (one run per point of its grid), at most this many.
  'RunGroup.runs': Math.max(LADDER_STRATEGIES.length, SWEEP_BOUNDS.maxRuns),
  'SweepRanking.entries': SWEEP_BOUNDS.maxRuns,
  'LadderComparison.rungs': LADDER_STRATEGIES.length,
};
