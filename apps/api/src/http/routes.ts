import type { Express } from 'express';
import type { ApiServices } from '../context';
import { registerDatasetRoutes } from './datasets';
import { registerModelRoutes } from './models';
import { registerRunRoutes } from './runs';
import { registerWeightsRoutes } from './weights';

/** HTTP routes beside /graphql: file uploads and downloads, authorized like GraphQL requests. */
export function registerHttpRoutes(app: Express, services: ApiServices): void {
  app.get('/healthz', async (_req, res) => {
    try {
      await services.database.db.execute('select 1');
      res.json({ ok: true, database: services.database.kind });
    } catch (error) {
      services.logger.error({ err: error }, 'health check failed');
      res.status(503).json({ ok: false });
    }
  });
  registerDatasetRoutes(app, services);
  registerRunRoutes(app, services);
  registerModelRoutes(app, services);
  registerWeightsRoutes(app, services);
}
