import type { Express } from 'express';
import type { ApiServices } from '../../context';
import { route } from '../request-context';
import { downloadImage } from './download-image';
import { importZip } from './import-zip';
import { uploadImages } from './upload-images';

/** Dataset images over HTTP: multipart upload, zip import, and download by sha256. */
export function registerDatasetRoutes(app: Express, services: ApiServices): void {
  app.post('/api/datasets/:id/images', route(services, uploadImages));
  app.post('/api/datasets/:id/import', route(services, importZip));
  app.get('/api/datasets/:id/images/:sha256', route(services, downloadImage));
}
