import type { Express } from 'express';
import type { ApiServices } from '../../context';

export function registerDatasetRoutes(_app: Express, _services: ApiServices): void {}
