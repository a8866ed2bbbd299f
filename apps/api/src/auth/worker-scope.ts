import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { ApiContext } from '../context';
import { forbidden } from '../errors';

/**
 * Everything in the graph a worker token may reach: the worker protocol, and of the run it holds
 * what training it needs. Not the run's team or creator, nor the dataset's team or image listing
 * (its images come with the claim), so nothing leads to other runs, teams or users' emails.
 * Default-deny: a new type or field is closed to workers until it is listed here.
 */
const WORKER_FIELDS: Record<string, '*' | readonly string[]> = {
  Mutation: ['claimRun', 'heartbeat', 'reportProgress', 'reportEpoch', 'finishRun', 'failRun'],
  ClaimedRun: '*',
  ClaimedImage: '*',
  ClaimedWeights: '*',
  HeartbeatResult: '*',
  Run: ['id', 'name', 'status', 'strategy', 'config', 'progress', 'metrics', 'model', 'error', 'createdAt', 'startedAt', 'finishedAt', 'attempts', 'worker', 'failure', 'bestValAccuracy', 'dataset'],
  RunProgress: '*',
  RunFailure: '*',
  WorkerInfo: '*',
  EpochMetric: '*',
  Dataset: ['id', 'name', 'classes', 'imageCount', 'trainCount', 'valCount', 'createdAt'],
  DatasetClass: '*',
  Model: ['id', 'name', 'version', 'classes', 'imageSize', 'backbone', 'valAccuracy', 'confusionMatrix', 'classMetrics', 'metadata', 'createdAt'],
  ClassMetric: '*',
};

export function workerMayReach(typeName: string, fieldName: string): boolean {
  const allowed = WORKER_FIELDS[typeName];
  return allowed === '*' || (allowed?.includes(fieldName) ?? false);
}

/**
 * The schema with every field outside WORKER_FIELDS refusing worker tokens (FORBIDDEN, naming the
 * field), on HTTP and on the socket alike. Other viewers pass through; allowed fields are untouched.
 */
export function withWorkerScope(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (workerMayReach(typeName, fieldName)) return field;
      const guard =
        (next: GraphQLFieldResolver<unknown, ApiContext>): GraphQLFieldResolver<unknown, ApiContext> =>
        (source, args, ctx, info) => {
          if (ctx.viewer.kind === 'worker') {
            throw forbidden(`A worker token reads only what its claimed run needs; ${typeName}.${fieldName} is not part of that. Use a user session or an API token.`);
          }
          return next(source, args, ctx, info);
        };
      return {
        ...field,
        resolve: guard(field.resolve ?? defaultFieldResolver),
        ...(field.subscribe && { subscribe: guard(field.subscribe) }),
      };
    },
  });
}
