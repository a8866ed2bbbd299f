import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BackboneName } from '../types';
import { downloadVerified, DownloadFailure, type DownloadProgress } from './download';
import { WeightsError } from './errors';
import { digestFile } from './file-digest';

export type { DownloadProgress } from './download';

/** Where Keras (keras.applications) downloads its ImageNet weights from. */
export const KERAS_APPLICATIONS_BASE_URL = 'https://storage.googleapis.com/tensorflow/keras-applications';
/** EfficientNet's weights live in another bucket, without a per-model folder. */
export const KERAS_APPLICATIONS_EFFICIENTNET_BASE_URL = 'https://storage.googleapis.com/keras-applications';

export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 15_000;
export const DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;

/** Keras's official ImageNet "notop" weight files (no classifier head), as keras.applications names them. */
export const IMAGENET_WEIGHTS = {
  VGG16: {
    label: 'VGG16',
    folder: 'vgg16',
    fileName: 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
    md5: '6d6bbae143d832006294945121d1f1fc',
  },
  MOBILENET_V2: {
    label: 'MobileNetV2',
    folder: 'mobilenet_v2',
    alphas: [0.35, 0.5, 0.75, 1.0, 1.3, 1.4],
    imageSizes: [96, 128, 160, 192, 224],
    /** e.g. mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5 */
    fileName: (alpha: number, rows: number): string =>
      `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${kerasAlpha(alpha)}_${rows}_no_top.h5`,
    // keras.applications downloads these without a file hash; the sha256 of what was loaded is recorded instead.
    md5: undefined,
  },
  RESNET50: {
    label: 'ResNet50',
    folder: 'resnet',
    fileName: 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
    md5: '4d473c1dd8becc155b73f8504c6f6626',
  },
  EFFICIENTNET_B0: {
    label: 'EfficientNetB0',
    /** At the root of KERAS_APPLICATIONS_EFFICIENTNET_BASE_URL (or of a mirror given as baseUrl). */
    folder: null,
    fileName: 'efficientnetb0_notop.h5',
    md5: '50bc09e76180e00e4465e1a485ddc09d',
  },
} as const;

/** Python's str(float(alpha)), which Keras uses in the file name: 1 → '1.0', 0.5 → '0.5', 0.35 → '0.35'. */
export function kerasAlpha(alpha: number): string {
  return Number.isInteger(alpha) ? alpha.toFixed(1) : String(alpha);
}

export interface ImagenetWeightsRequest {
  backbone: BackboneName;
  /** MobileNetV2 width multiplier; default 1.0. Ignored for the other backbones. */
  alpha?: number | undefined;
  /** Input height/width; picks the MobileNetV2 file. Ignored for the other backbones. */
  imageSize?: number | undefined;
  /** Replaces KERAS_APPLICATIONS_BASE_URL and its EfficientNet twin (a mirror, or a local server in tests). */
  baseUrl?: string | undefined;
}

export interface ImagenetWeightsLocation {
  label: string;
  fileName: string;
  url: string;
  md5: string | undefined;
}

export function imagenetWeightsLocation({ backbone, alpha, imageSize, baseUrl }: ImagenetWeightsRequest): ImagenetWeightsLocation {
  const base = (baseUrl ?? KERAS_APPLICATIONS_BASE_URL).replace(/\/+$/, '');
  if (backbone === 'VGG16' || backbone === 'RESNET50') {
    const spec = IMAGENET_WEIGHTS[backbone];
    return { label: spec.label, fileName: spec.fileName, url: `${base}/${spec.folder}/${spec.fileName}`, md5: spec.md5 };
  }
  if (backbone === 'EFFICIENTNET_B0') {
    const spec = IMAGENET_WEIGHTS.EFFICIENTNET_B0;
    const root = (baseUrl ?? KERAS_APPLICATIONS_EFFICIENTNET_BASE_URL).replace(/\/+$/, '');
    return { label: spec.label, fileName: spec.fileName, url: `${root}/${spec.fileName}`, md5: spec.md5 };
  }
  const spec = IMAGENET_WEIGHTS.MOBILENET_V2;
  const a = alpha ?? 1.0;
  const published = spec.alphas.find((x) => Math.abs(x - a) < 1e-9);
  if (published === undefined) {
    throw new WeightsError(
      'WEIGHTS_UNSUPPORTED',
      `Keras publishes no ImageNet weights for MobileNetV2 with alpha ${a}; use one of ${spec.alphas.map(kerasAlpha).join(', ')}, ` +
        "or weights 'none' or a local weights file.",
    );
  }
  // Like keras.applications: sizes without a published file use the 224 one. The weights do not depend
  // on the input size (all layers are convolutions); the files differ only in the data they were trained at.
  const requested = imageSize ?? 224;
  const rows = (spec.imageSizes as readonly number[]).includes(requested) ? requested : 224;
  const fileName = spec.fileName(published, rows);
  return { label: spec.label, fileName, url: `${base}/${spec.folder}/${fileName}`, md5: spec.md5 };
}

export interface EnsureImagenetWeightsOptions extends ImagenetWeightsRequest {
  /** Folder the weight files are cached in; created when missing. */
  cacheDir: string;
  fetch?: typeof fetch;
  /** Longest wait for the server's response headers; default 15 s. */
  timeoutMs?: number;
  /** Longest silence between two chunks of the body; default 60 s. */
  idleTimeoutMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Replaces the published md5 (tests serve their own files); undefined keeps the published one. */
  expectedMd5?: string;
}

export interface ImagenetWeightsFile {
  path: string;
  md5: string;
  sha256: string;
  /** false when the cached copy was used. */
  downloaded: boolean;
}

/**
 * The path of Keras's ImageNet weights for `backbone`: the cached copy when it is there (and its md5 is
 * right, when one is known), else a fresh, verified download into `cacheDir`.
 */
export async function ensureImagenetWeights(options: EnsureImagenetWeightsOptions): Promise<ImagenetWeightsFile> {
  const location = imagenetWeightsLocation(options);
  const expectedMd5 = (options.expectedMd5 ?? location.md5)?.toLowerCase();
  const cacheDir = resolve(options.cacheDir);
  const path = join(cacheDir, location.fileName);
  const byHand =
    `Download that file on a machine with internet access and place it at ${path}` +
    `${expectedMd5 ? ` (md5 ${expectedMd5})` : ''}, or pass a local .h5 path as the weights.`;

  let staleNote = '';
  const cached = await stat(path).catch(() => undefined);
  if (cached?.isFile()) {
    const digest = await digestFile(path);
    if (expectedMd5 === undefined || digest.md5 === expectedMd5) {
      return { path, md5: digest.md5, sha256: digest.sha256, downloaded: false };
    }
    // Left in place: it is only replaced by a verified download, never deleted.
    staleNote = ` The file already at ${path} has md5 ${digest.md5}, not ${expectedMd5}.`;
  }

  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (cause) {
    throw new WeightsError(
      'WEIGHTS_UNAVAILABLE',
      `Cannot create the weights cache folder ${cacheDir} (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). ` +
        'Pass a writable cache folder, or a local .h5 path as the weights.',
      { file: path, cause },
    );
  }

  try {
    const result = await downloadVerified({
      url: location.url,
      destination: path,
      expectedMd5,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
      onProgress: options.onProgress,
    });
    return { path, md5: result.md5, sha256: result.sha256, downloaded: true };
  } catch (cause) {
    if (!(cause instanceof DownloadFailure)) throw cause;
    if (cause.kind === 'md5') {
      throw new WeightsError(
        'WEIGHTS_CORRUPT',
        `The ${location.label} ImageNet weights downloaded from ${location.url} are corrupt (${cause.reason}); ` +
          `the bad file was discarded.${staleNote} Try again, or: ${byHand}`,
        { file: path, cause },
      );
    }
    throw new WeightsError(
      'WEIGHTS_UNAVAILABLE',
      `Could not download ${location.label} ImageNet weights from ${location.url} (${cause.reason}).${staleNote} ${byHand}`,
      { file: path, cause },
    );
  }
}

export interface KerasImagenetFile {
  backbone: BackboneName;
  /** The width multiplier, for backbones that have one. */
  alpha: number | undefined;
  fileName: string;
  md5: string | undefined;
}

/** Every ImageNet file Keras publishes for our backbones, so one can be recognised by its name. */
export function kerasImagenetFiles(): KerasImagenetFile[] {
  const vgg = IMAGENET_WEIGHTS.VGG16;
  const mobilenet = IMAGENET_WEIGHTS.MOBILENET_V2;
  return [
    { backbone: 'VGG16', alpha: undefined, fileName: vgg.fileName, md5: vgg.md5 },
    ...mobilenet.alphas.flatMap((alpha) =>
      mobilenet.imageSizes.map((rows) => ({ backbone: 'MOBILENET_V2' as const, alpha, fileName: mobilenet.fileName(alpha, rows), md5: mobilenet.md5 })),
    ),
  ];
}
