import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './api-client';
import { ReportQueue } from './report-queue';

describe('the report queue', () => {
  it('sends in order, keeps only the newest waiting progress, and never lets progress hold up an epoch', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const queue = new ReportQueue();
    queue.push(async () => {
      await slow; // the API answering slowly, or a busy event loop
      sent.push('epoch 1');
    });
    for (let batch = 1; batch <= 50; batch++) queue.pushLatest(async () => void sent.push(`progress ${batch}`));
    queue.push(async () => void sent.push('epoch 2'));
    queue.pushLatest(async () => void sent.push('progress 51'));
    release();
    await queue.drain();
    expect(sent).toEqual(['epoch 1', 'progress 50', 'epoch 2', 'progress 51']);
  });

  it('settles past a refused report, says it is no longer healthy, and drain throws it', async () => {
    const queue = new ReportQueue();
    queue.push(() => Promise.reject(new ApiRequestError('refused', ['CONFLICT'], ['LEASE_LOST'])));
    await queue.settled();
    expect(queue.healthy).toBe(false);
    await expect(queue.drain()).rejects.toThrow('refused');
  });
});
