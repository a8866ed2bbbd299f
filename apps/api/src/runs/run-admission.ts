import { and, count, eq } from 'drizzle-orm';
import type { DbExecutor } from '@transferlab/db';
import { runs, teams } from '@transferlab/db/schema';
import { estimateRunMemory, type TrainConfig } from '@transferlab/ml-core/no-tfjs';
import type { ApiContext } from '../context';
import { AppError, badInput } from '../errors';
import { largestRecentTrainerMemoryMb } from './trainers';

const mb = (n: number) => `${n.toLocaleString('en-US')} MB`;

/**
 * The run's estimated peak memory on a trainer (ml-core's estimateRunMemory), refused when it exceeds
 * the largest memory any trainer seen lately declares (or the configured default when none was seen),
 * naming both numbers and what to change. Returns the estimate in MB, stored with the run so that no
 * smaller trainer claims it.
 */
export async function requireTrainerMemory(ctx: ApiContext, config: TrainConfig, classes: Map<string, number>): Promise<number> {
  const imageCount = [...classes.values()].reduce((a, b) => a + b, 0);
  const { peakMb } = estimateRunMemory(config, { numClasses: classes.size, imageCount });
  const { trainerSeenMinutes: minutes, defaultTrainerMemoryMb } = ctx.runQueue;
  const seen = await largestRecentTrainerMemoryMb(ctx.db, minutes);
  const limitMb = seen ?? defaultTrainerMemoryMb;
  if (peakMb <= limitMb) return peakMb;
  const held = seen === null
    ? `no trainer declaring its memory was seen in the last ${minutes} minutes, and the default assumed then is ${mb(limitMb)} (TRANSFERLAB_DEFAULT_TRAINER_MEMORY_MB)`
    : `the largest trainer seen in the last ${minutes} minutes has ${mb(limitMb)}`;
  throw badInput(
    `This run needs about ${mb(peakMb)} of memory on a trainer (${imageCount} images at imageSize ${config.imageSize}, batchSize ${config.batchSize}), but ${held}. ` +
      'Lower batchSize or imageSize, or start a trainer with more memory (transferlab worker --memory-mb).',
    { estimatedMemoryMb: peakMb, trainerMemoryMb: limitMb },
  );
}

/**
 * Refuses `adding` runs (a ladder adds three, a sweep up to SWEEP_BOUNDS.maxRuns) when its team's queued runs would pass `limit`, so
 * that one team cannot fill the queue. Locks the team's row first (inside the caller's
 * transaction), so concurrent starts of one team count one after another and never overshoot.
 */
export async function requireQueueRoom(tx: DbExecutor, teamId: string, limit: number, adding = 1): Promise<void> {
  await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
  const [row] = await tx.select({ queued: count() }).from(runs).where(and(eq(runs.teamId, teamId), eq(runs.status, 'QUEUED')));
  const queued = row?.queued ?? 0;
  if (queued + adding <= limit) return;
  const these = adding === 1 ? 'this run' : `these ${adding} runs`;
  // Waiting would never help: even an empty queue cannot take them.
  if (adding > limit) {
    throw new AppError(
      'RATE_LIMITED',
      `These ${adding} runs are more than one team may have waiting in the queue (${limit}, TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM). Start fewer runs at once (a smaller grid), or ask the server's operator to raise the limit.`,
      { limit, queued, adding },
    );
  }
  throw new AppError(
    'RATE_LIMITED',
    `Your team already has ${queued} runs waiting in the queue, the most one team may have (${limit}, TRANSFERLAB_MAX_QUEUED_RUNS_PER_TEAM)${adding === 1 ? '' : ` with ${these} added`}. Wait for some to start, or cancel one, then start ${these} again.`,
    { limit, queued, adding },
  );
}
