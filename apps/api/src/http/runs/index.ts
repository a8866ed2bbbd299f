import type { Express } from 'express';
import type { ApiServices } from '../../context';
import { route } from '../request-context';
import { getCheckpoint, putCheckpoint } from './checkpoint';
import { uploadModel } from './upload-model';
import { workerImage } from './worker-image';

/** The worker protocol's file transfers; every route needs a worker token. */
export function registerRunRoutes(app: Express, services: ApiServices): void {
  app.post('/api/runs/:id/model', route(services, uploadModel));
  app.put('/api/runs/:id/checkpoint', route(services, putCheckpoint));
  app.get('/api/runs/:id/checkpoint', route(services, getCheckpoint));
  app.get('/api/worker/images/:sha256', route(services, workerImage));
}
