import type { Resolvers } from '../../generated/graphql';
import { datasetSummary } from '../../datasets/dataset-summary';
import { requireDataset } from '../../datasets/require-dataset';
import { deleteDatasetImage, listDatasetChanges, moveDatasetImage } from './change-dataset-image';
import { createDataset } from './create-dataset';
import { datasetWarnings } from './dataset-warnings';
import { listDatasetImages } from './list-dataset-images';
import { listTeamDatasets } from './list-team-datasets';
import { loadDatasetTeam } from './load-dataset-team';

// Field resolvers trust their parent: a Dataset is only reached through an authorized path
// (Query.dataset, Team.datasets, a run the viewer may see).
export const datasetResolvers: Resolvers = {
  Query: {
    dataset: (_parent, { id }, ctx) => requireDataset(ctx, id, 'VIEWER'),
  },
  Mutation: {
    createDataset: (_parent, args, ctx) => createDataset(ctx, args),
    moveDatasetImage: (_parent, args, ctx) => moveDatasetImage(ctx, args),
    deleteDatasetImage: (_parent, args, ctx) => deleteDatasetImage(ctx, args),
  },
  Team: {
    datasets: (team, _args, ctx) => listTeamDatasets(ctx, team.id),
  },
  Dataset: {
    team: (dataset, _args, ctx) => loadDatasetTeam(ctx, dataset.teamId),
    classes: async (dataset, _args, ctx) => (await datasetSummary(ctx, dataset.id)).classes,
    trainCount: async (dataset, _args, ctx) => (await datasetSummary(ctx, dataset.id)).trainCount,
    valCount: async (dataset, _args, ctx) => (await datasetSummary(ctx, dataset.id)).valCount,
    imageCount: async (dataset, _args, ctx) => {
      const { trainCount, valCount } = await datasetSummary(ctx, dataset.id);
      return trainCount + valCount;
    },
    warnings: (dataset, _args, ctx) => datasetWarnings(ctx, dataset.id),
    images: (dataset, args, ctx) => listDatasetImages(ctx, dataset.id, args),
    changes: (dataset, { first }, ctx) => listDatasetChanges(ctx, dataset.id, first),
  },
  DatasetImage: {
    url: (image, _args, ctx) => `${ctx.publicUrl}/api/datasets/${image.datasetId}/images/${image.sha256}`,
  },
};
