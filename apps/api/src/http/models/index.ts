import type { Express } from 'express';
import type { ApiServices } from '../../context';
import { route } from '../request-context';
import { serveModelFile } from './serve-model-file';

/** Model downloads: the TensorFlow.js files (model.json, weights.bin) and metadata.json. */
export function registerModelRoutes(app: Express, services: ApiServices): void {
  app.get(
    '/api/models/:id/:file',
    route(services, (req, res, ctx) => serveModelFile(ctx, req, res, { modelId: String(req.params.id), fileName: String(req.params.file), ifNoneMatch: req.headers['if-none-match'] })),
  );
}
