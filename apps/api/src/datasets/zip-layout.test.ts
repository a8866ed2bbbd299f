import { describe, expect, it } from 'vitest';
import { planZipLayout } from './zip-layout';

const plan = (paths: string[], split: 'train' | 'val' = 'train') => {
  const segments = paths.map((p) => p.split('/'));
  const place = planZipLayout(segments, split);
  return segments.map((s) => place(s));
};

describe('planZipLayout', () => {
  it('reads <class>/ folders into the default split, at any depth below the class', () => {
    expect(plan(['cats/a.png', 'dogs/x/b.png'], 'val')).toEqual([
      { className: 'cats', split: 'val', fileName: 'a.png' },
      { className: 'dogs', split: 'val', fileName: 'b.png' },
    ]);
  });

  it('strips one folder around everything, as zipping a folder produces', () => {
    expect(plan(['pets/cats/a.png', 'pets/dogs/b.png'])).toEqual([
      { className: 'cats', split: 'train', fileName: 'a.png' },
      { className: 'dogs', split: 'train', fileName: 'b.png' },
    ]);
    expect(plan(['pets/train/cats/a.png', 'pets/validation/cats/b.png']).map((p) => 'split' in p && p.split)).toEqual(['train', 'val']);
  });

  it('reads train/ and val/ as splits, and a lone train/ too', () => {
    expect(plan(['train/cats/a.png', 'val/cats/b.png', 'train/dogs/c.png'])).toEqual([
      { className: 'cats', split: 'train', fileName: 'a.png' },
      { className: 'cats', split: 'val', fileName: 'b.png' },
      { className: 'dogs', split: 'train', fileName: 'c.png' },
    ]);
    expect(plan(['train/cats/a.png', 'train/dogs/b.png'], 'val').map((p) => 'split' in p && p.split)).toEqual(['train', 'train']);
  });

  it('explains files it cannot place', () => {
    const [loose, outside, badClass] = plan(['train/a.png', 'extra/cats/b.png', 'train/ cats\u0007/c.png']);
    expect(loose).toEqual({ reason: expect.stringMatching(/^not inside a class folder/) });
    expect(outside).toEqual({ reason: expect.stringMatching(/^outside train\/ and val\//) });
    expect(badClass).toEqual({ reason: expect.stringMatching(/control characters/) });
    expect(plan(['a.png', 'cats/b.png'])[0]).toEqual({ reason: expect.stringMatching(/^not inside a class folder/) });
  });
});
