import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng, uniform, type Rng } from '../data/random';

/** Each demo class is a shape in its own hue, so any of the strategies can learn it quickly. */
const CLASSES = [
  { name: 'circles', color: [200, 60, 50], draw: circle },
  { name: 'squares', color: [60, 180, 70], draw: square },
  { name: 'stripes', color: [50, 90, 210], draw: stripes },
  { name: 'triangles', color: [210, 190, 40], draw: triangle },
] as const;

export interface DemoDatasetOptions {
  dir: string;
  classes?: number;
  imagesPerClass?: number;
  imageSize?: number;
  /** Write `train/` and `val/` folders (with this fraction in val) instead of one folder per class. */
  valFraction?: number;
  seed?: number;
}

/**
 * Writes a small labelled image dataset in the Keras folder layout (PNG and JPEG files), so the
 * first run, the tests and the benchmarks work offline without anyone's photos.
 */
export async function generateDemoDataset(options: DemoDatasetOptions): Promise<{ classNames: string[]; files: number }> {
  const { dir, classes = 3, imagesPerClass = 30, imageSize = 64, valFraction, seed = 7 } = options;
  if (classes < 2 || classes > CLASSES.length) throw new Error(`classes must be between 2 and ${CLASSES.length}`);
  const rng = createRng(seed);
  const chosen = CLASSES.slice(0, classes);
  let files = 0;
  for (const cls of chosen) {
    for (let i = 0; i < imagesPerClass; i++) {
      const split = valFraction ? (i < Math.round(imagesPerClass * valFraction) ? 'val' : 'train') : null;
      const folder = split ? join(dir, split, cls.name) : join(dir, cls.name);
      await mkdir(folder, { recursive: true });
      const pixels = drawImage(imageSize, cls.color, cls.draw, rng);
      const image = sharp(pixels, { raw: { width: imageSize, height: imageSize, channels: 3 } });
      // Mix encoders, as real datasets do.
      const jpeg = i % 2 === 1;
      const bytes = jpeg ? await image.jpeg({ quality: 90 }).toBuffer() : await image.png().toBuffer();
      await writeFile(join(folder, `${cls.name}_${String(i).padStart(3, '0')}.${jpeg ? 'jpg' : 'png'}`), bytes);
      files++;
    }
  }
  return { classNames: chosen.map((c) => c.name), files };
}

type Draw = (x: number, y: number, shape: { cx: number; cy: number; r: number; phase: number }) => boolean;

function drawImage(size: number, color: readonly number[], draw: Draw, rng: Rng): Buffer {
  const out = Buffer.alloc(size * size * 3);
  const background = uniform(rng, 60, 190);
  const tint = color.map((c) => Math.max(0, Math.min(255, c + uniform(rng, -35, 35))));
  const shape = { cx: uniform(rng, 0.3, 0.7) * size, cy: uniform(rng, 0.3, 0.7) * size, r: uniform(rng, 0.18, 0.32) * size, phase: uniform(rng, 0, 8) };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = draw(x, y, shape);
      for (let c = 0; c < 3; c++) {
        const base = inside ? tint[c]! : background;
        out[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + uniform(rng, -20, 20))));
      }
    }
  }
  return out;
}

function circle(x: number, y: number, s: { cx: number; cy: number; r: number }): boolean {
  return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
}

function square(x: number, y: number, s: { cx: number; cy: number; r: number }): boolean {
  return Math.abs(x - s.cx) <= s.r && Math.abs(y - s.cy) <= s.r;
}

function stripes(x: number, _y: number, s: { phase: number }): boolean {
  return Math.floor((x + s.phase) / 4) % 2 === 0;
}

function triangle(x: number, y: number, s: { cx: number; cy: number; r: number }): boolean {
  const top = s.cy - s.r;
  const dy = y - top;
  return dy >= 0 && dy <= 2 * s.r && Math.abs(x - s.cx) <= dy / 2;
}
