import { inArray } from 'drizzle-orm';
import { modelAliases } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';

type Pending = Map<string, ((aliases: string[]) => void)[]>;
interface Batch {
  pending: Pending;
  failures: ((error: unknown) => void)[];
}

// One batch per context: `Team.models { aliases }` asks for every model's aliases in the same
// tick, and one query answers them all. Results are not cached across batches, since a socket's
// context lives as long as the socket and aliases move.
const batches = new WeakMap<ApiContext, Batch>();

/** The aliases pointing at a model, sorted, batched with the other lookups of the same tick. */
export function loadModelAliases(ctx: ApiContext, modelId: string): Promise<string[]> {
  let batch = batches.get(ctx);
  if (!batch) {
    const created: Batch = { pending: new Map(), failures: [] };
    batch = created;
    batches.set(ctx, created);
    // After the current promise jobs, as DataLoader does, so sibling resolvers join the batch.
    void Promise.resolve().then(() => process.nextTick(() => void flush(ctx, created)));
  }
  const { pending, failures } = batch;
  return new Promise((resolve, reject) => {
    pending.set(modelId, [...(pending.get(modelId) ?? []), resolve]);
    failures.push(reject);
  });
}

async function flush(ctx: ApiContext, batch: Batch): Promise<void> {
  if (batches.get(ctx) === batch) batches.delete(ctx);
  try {
    const ids = [...batch.pending.keys()];
    const rows = await ctx.db
      .select({ modelId: modelAliases.modelId, alias: modelAliases.alias })
      .from(modelAliases)
      .where(inArray(modelAliases.modelId, ids));
    const byModel = new Map<string, string[]>();
    for (const { modelId, alias } of rows) byModel.set(modelId, [...(byModel.get(modelId) ?? []), alias]);
    for (const [id, resolvers] of batch.pending) {
      // Sorted here, not by the database, whose collation differs between PGlite and PostgreSQL.
      const aliases = (byModel.get(id) ?? []).sort();
      for (const resolve of resolvers) resolve([...aliases]);
    }
  } catch (error) {
    for (const reject of batch.failures) reject(error);
  }
}
