import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AppDb } from '@transferlab/db';
import { imagenetWeights, type ImagenetWeights } from '@transferlab/db/schema';
import { imagenetWeightsLocation, kerasImagenetFiles, WeightsError, type BackboneName, type KerasImagenetFile } from '@transferlab/ml-core/no-tfjs';
import { checkBackboneWeights } from './check-backbone-weights';
import { badInput } from '../errors';
import type { FileStore } from '../files/file-store';

export interface StoreImagenetCopyOptions {
  db: AppDb;
  files: FileStore;
  /** The .h5 file on disk. */
  path: string;
  /** Its name as uploaded; a Keras file name identifies the file by itself. */
  fileName: string;
  /** Which Keras file it is meant to be, when its name does not say (uploads). */
  backbone?: BackboneName;
  alpha?: number | null;
  /**
   * Refuse files Keras publishes no md5 for (MobileNetV2's): a team admin's upload must prove it is
   * Keras's file, since every team's runs will use it. The operator's import-weights is trusted.
   */
  requireMd5: boolean;
  createdBy: string | null;
}

function identify({ fileName, backbone, alpha }: Pick<StoreImagenetCopyOptions, 'fileName' | 'backbone' | 'alpha'>): KerasImagenetFile {
  const known = kerasImagenetFiles();
  const byName = known.find((file) => file.fileName === basename(fileName));
  if (byName) return byName;
  if (backbone) {
    const location = imagenetWeightsLocation({ backbone, alpha: alpha ?? undefined });
    const byBackbone = known.find((file) => file.fileName === location.fileName);
    if (byBackbone) return byBackbone;
  }
  throw badInput(`"${basename(fileName).slice(0, 120)}" is not one of Keras's ImageNet files; keep Keras's file name (e.g. ${known[0]?.fileName}) so the server knows which backbone it is for.`);
}

/**
 * Makes a file the server's copy of one of Keras's ImageNet files, checked against Keras's md5
 * and loaded into the backbone, so every trainer can start pretrained without Keras's host.
 * Replaces an earlier copy of the same file.
 */
export async function storeImagenetCopy(options: StoreImagenetCopyOptions): Promise<ImagenetWeights> {
  const keras = identify(options);
  const bytes = await readFile(options.path);
  const md5 = createHash('md5').update(bytes).digest('hex');
  if (keras.md5 === undefined && options.requireMd5) {
    throw badInput(
      `Keras publishes no md5 for ${keras.fileName}, so an upload cannot prove it is Keras's file. The server's operator can import it: \`transferlab-api import-weights ${keras.fileName}\`. ` +
        'Or upload it as the team\'s own weights (without imagenet=true) and pick it in the run form.',
    );
  }
  if (keras.md5 !== undefined && md5 !== keras.md5) {
    throw badInput(`This file's md5 is ${md5}, not Keras's ${keras.md5} for ${keras.fileName}: it is damaged or not Keras's file. Download it again from Keras's host.`);
  }
  try {
    await checkBackboneWeights({ backbone: keras.backbone, ...(keras.alpha !== undefined && { alpha: keras.alpha }), path: options.path, format: 'h5' });
  } catch (error) {
    if (error instanceof WeightsError) throw badInput(`${keras.fileName} does not load into ${keras.backbone}: ${error.message}`);
    throw error;
  }
  const row = { backbone: keras.backbone, alpha: keras.alpha ?? null, sha256: await options.files.put(bytes), md5, sizeBytes: bytes.length, createdBy: options.createdBy };
  const [stored] = await options.db
    .insert(imagenetWeights)
    .values({ fileName: keras.fileName, ...row })
    .onConflictDoUpdate({ target: imagenetWeights.fileName, set: { ...row, createdAt: new Date() } })
    .returning();
  if (!stored) throw new Error('Storing the ImageNet copy returned no row.');
  return stored;
}
