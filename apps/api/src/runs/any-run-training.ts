import type { AppDb } from '@transferlab/db';
import { runs } from '@transferlab/db/schema';
import { eq } from 'drizzle-orm';

/** Whether some worker holds a run now (on any API replica): its model may be wanted soon. */
export async function anyRunTraining(db: AppDb): Promise<boolean> {
  const [row] = await db.select({ id: runs.id }).from(runs).where(eq(runs.status, 'RUNNING')).limit(1);
  return row !== undefined;
}
