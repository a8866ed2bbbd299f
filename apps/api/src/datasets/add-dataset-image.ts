import { datasetImages, type ImageSplit } from '@transferlab/db/schema';
import { ImageDecodeError, inspectImage } from '@transferlab/ml-core/no-tfjs';
import type { ApiServices } from '../context';

export interface AddDatasetImageOptions {
  datasetId: string;
  className: string;
  split: ImageSplit;
  fileName: string;
  bytes: Buffer;
}

/** What happened to one file: added (or already there), or refused with a reason to show. */
export type AddImageOutcome = { added: true } | { added: false; reason: string };

/**
 * Validates one image by decoding it, stores its bytes once by sha256 and records it in the class
 * and split. The same bytes already in that class and split are a no-op, so retrying an upload
 * that failed halfway is safe.
 */
export async function addDatasetImage(services: ApiServices, { datasetId, className, split, fileName, bytes }: AddDatasetImageOptions): Promise<AddImageOutcome> {
  let info;
  try {
    info = await inspectImage(bytes, { maxInputPixels: services.maxInputPixels });
  } catch (error) {
    if (error instanceof ImageDecodeError) return { added: false, reason: rejectionReason(error) };
    throw error;
  }
  const sha256 = await services.files.put(bytes);
  await services.db
    .insert(datasetImages)
    .values({ datasetId, className, split, fileName, sha256, bytes: bytes.length, width: info.width, height: info.height })
    .onConflictDoNothing({ target: [datasetImages.datasetId, datasetImages.split, datasetImages.className, datasetImages.sha256] });
  return { added: true };
}

function rejectionReason(error: ImageDecodeError): string {
  switch (error.code) {
    case 'NOT_AN_IMAGE':
      return 'not an image (expected JPEG, PNG, GIF, WebP or BMP)';
    default:
      return error.reason;
  }
}
