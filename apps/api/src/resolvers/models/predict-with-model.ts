import { ImageDecodeError, ModelFilesError, type Prediction } from '@transferlab/ml-core/no-tfjs';
import type { ApiContext } from '../../context';
import { AppError, badInput } from '../../errors';
import { materialiseModel } from '../../predict/materialise-model';
import { PredictQueueFullError } from '../../predict/predict-pool';
import { decodeImageBase64 } from './decode-image-base64';
import { findModel } from './find-model';

/**
 * The model's top-k classes for one image, most probable first. Inference runs on the prediction
 * worker pool; this request only waits for it.
 */
export async function predictWithModel(ctx: ApiContext, { modelId, imageBase64, topK }: { modelId: string; imageBase64: string; topK?: number | null }): Promise<Prediction[]> {
  const model = await findModel(ctx, { id: modelId, min: 'VIEWER' });
  const k = topK ?? 5;
  if (!Number.isInteger(k) || k < 1) throw badInput(`topK must be 1 or more (got ${k}); the model has ${model.classes.length} classes.`, { field: 'topK' });
  const image = decodeImageBase64(imageBase64, ctx.maxUploadBytes);
  const run = async (replace: boolean) => {
    const modelDir = await materialiseModel({ files: ctx.files, modelsDir: ctx.modelsDir, model, replace });
    return ctx.predict.predict({ modelId: model.id, modelDir, image, topK: Math.min(k, model.classes.length) });
  };
  try {
    return await run(false).catch((error: unknown) => {
      if (!(error instanceof ModelFilesError)) throw error;
      ctx.logger.warn({ err: error, modelId: model.id }, 'model folder unusable; rebuilding it from the file store');
      return run(true);
    });
  } catch (error) {
    if (error instanceof PredictQueueFullError) throw new AppError('SERVICE_UNAVAILABLE', error.message);
    if (error instanceof ImageDecodeError) {
      // A bomb is refused from its header; its reason already says what to do.
      const message = error.code === 'TOO_LARGE' ? `The image is refused: ${error.reason}.` : `The image cannot be read: ${error.reason}. Send a JPEG, PNG, GIF, WebP or BMP file, base64-encoded.`;
      throw badInput(message, { field: 'imageBase64', reason: error.reason, decodeError: error.code });
    }
    throw error;
  }
}
