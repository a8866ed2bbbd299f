import type { Model } from '@transferlab/db/schema';
import type { ApiContext } from '../context';
import { materialiseModel } from './materialise-model';

/**
 * Starts loading a model into a prediction worker (a run just made it, or an alias just moved to
 * it), so the first `predict` does not pay seconds of loading. Off the request path: the caller
 * does not wait, and a failure is only logged, since the mutation that triggered it has succeeded
 * and `predict` loads the model itself anyway. The returned promise never rejects.
 */
export function warmModel(ctx: Pick<ApiContext, 'files' | 'modelsDir' | 'predict' | 'logger'>, model: Pick<Model, 'id' | 'files' | 'metadata'>): Promise<void> {
  return materialiseModel({ files: ctx.files, modelsDir: ctx.modelsDir, model })
    .then((modelDir) => ctx.predict.warm({ modelId: model.id, modelDir }))
    .catch((error: unknown) => ctx.logger.warn({ err: error, modelId: model.id }, 'could not warm the model; its first prediction will load it'));
}
