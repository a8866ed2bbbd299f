import type { Express } from 'express';
import type { ApiServices } from '../../context';
import { route } from '../request-context';
import { uploadWeights } from './upload-weights';
import { workerWeights } from './worker-weights';

/** Pretrained weights: a team's uploads, and trainers fetching them (or the server's ImageNet copies) by hash. */
export function registerWeightsRoutes(app: Express, services: ApiServices): void {
  app.post('/api/teams/:teamId/weights', route(services, uploadWeights));
  app.get('/api/worker/weights/:sha256', route(services, workerWeights));
}
