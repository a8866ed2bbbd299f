import { eq } from 'drizzle-orm';
import { runs } from '@transferlab/db/schema';
import type { Resolvers } from '../../generated/graphql';
import { phaseBestsOf, testEvaluationOf } from '../../runs/model-evaluations';
import { findModel } from './find-model';
import { listModelPredictions } from './list-model-predictions';
import { loadModelAliases } from './model-aliases-loader';
import { modelByAlias } from './model-by-alias';
import { predictWithModel } from './predict-with-model';
import { setModelAlias } from './set-model-alias';
import { teamModels } from './team-models';

export const modelResolvers: Resolvers = {
  Query: {
    model: (_parent, { id }, ctx) => findModel(ctx, { id }),
    modelByAlias: (_parent, args, ctx) => modelByAlias(ctx, args),
  },
  Mutation: {
    setModelAlias: (_parent, args, ctx) => setModelAlias(ctx, args),
    predict: (_parent, args, ctx) => predictWithModel(ctx, args),
  },
  Team: {
    models: (team, _args, ctx) => teamModels(ctx, { teamId: team.id }),
  },
  Model: {
    run: async (model, _args, ctx) => {
      const [run] = await ctx.db.select().from(runs).where(eq(runs.id, model.runId)).limit(1);
      if (!run) throw new Error(`Model ${model.id} names run ${model.runId}, which does not exist.`);
      return run;
    },
    aliases: (model, _args, ctx) => loadModelAliases(ctx, model.id),
    // TensorFlow.js's loader fetches the weights named in model.json relative to this URL.
    downloadUrl: (model, _args, ctx) => `${ctx.publicUrl}/api/models/${model.id}/model.json`,
    metadata: (model) => model.metadata,
    testEvaluation: (model) => testEvaluationOf(model.metadata),
    phaseBests: (model) => phaseBestsOf(model.metadata),
    predictions: (model, args, ctx) => listModelPredictions(ctx, model, args),
  },
  ModelPrediction: {
    imageSha256: ({ row }) => row.imageSha256,
    split: ({ row }) => (row.split === 'val' ? 'VAL' : 'TEST'),
    trueClass: ({ row }) => row.trueClass,
    predictedClass: ({ row }) => row.predictedClass,
    confidence: ({ row }) => row.topK[0]?.probability ?? 0,
    loss: ({ row }) => row.loss,
    topK: ({ row }) => row.topK,
    // The route Dataset.images' url uses: it serves the team's image by hash.
    url: ({ row, datasetId }, _args, ctx) => `${ctx.publicUrl}/api/datasets/${datasetId}/images/${row.imageSha256}`,
    image: ({ image }) => image,
  },
};
