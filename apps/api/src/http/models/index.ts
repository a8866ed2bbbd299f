import type { Express } from 'express';
import type { ApiServices } from '../../context';

export function registerModelRoutes(_app: Express, _services: ApiServices): void {}
