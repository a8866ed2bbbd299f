import { roleAtLeast, teamRole } from '../../auth/authorize';
import { credentialEnded } from '../../auth/credential-ended';
import { credentialKey } from '../../auth/credential-key';
import type { ApiContext } from '../../context';
import { notFound, type AppError } from '../../errors';
import type { AccessEvent, ApiEvent } from '../../events/api-events';

/** How long a subscriber's access check is trusted when events arrive, before it is asked again. */
export const ACCESS_RECHECK_MS = 5_000;
/** How often an idle subscription re-checks anyway, for changes made outside the API. */
export const ACCESS_WATCH_MS = 30_000;
// setTimeout's longest delay (about 24.8 days); sessions last longer, so a far expiry is re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A subscriber's continuing right to read one team. */
export interface SubscriberAccess {
  /**
   * Null while access holds, else the error that ends the stream; re-asked at most every
   * ACCESS_RECHECK_MS. Subscribers in this process with the same credential and team that
   * re-ask for the same published `event` share one answer.
   */
  check(event: ApiEvent): Promise<AppError | null>;
  /**
   * Calls `lost` once when access ends while no event of the stream arrives: the token is revoked,
   * the session ends or expires, or the member leaves the team. Returns a function that stops watching.
   */
  watch(lost: (error: AppError) => void): () => void;
}

// One published event reaches every subscriber in this process as the same object. 500 sockets
// of 5 people, all due a re-check when an epoch arrives, would otherwise run 1,000 queries for
// it (the first epoch's delivery waited on them); keyed by the event, they run 10. An answer
// lives only as long as its event, so it is never older than the per-subscriber one it replaces.
const checksByEvent = new WeakMap<ApiEvent, Map<string, Promise<AppError | null>>>();

/**
 * Re-checks both the credential the subscription started with and its membership: `what` names
 * what a removed member can no longer see (NOT_FOUND, as for any other team's ids).
 */
export function subscriberAccess(ctx: ApiContext, teamId: string, what: string): SubscriberAccess {
  const recheck = async (): Promise<AppError | null> => {
    const ended = await credentialEnded(ctx);
    if (ended) return ended;
    const role = await teamRole(ctx, teamId);
    return role && roleAtLeast(role, 'VIEWER') ? null : notFound(what);
  };
  let checkedAt = Date.now();
  let last: AppError | null = null;
  const credential = credentialKey(ctx.viewer);
  const key = credential === null ? null : `${credential}:${teamId}:${what}`;
  const recheckFor = (event: ApiEvent): Promise<AppError | null> => {
    if (key === null) return recheck();
    let checks = checksByEvent.get(event);
    if (!checks) checksByEvent.set(event, (checks = new Map()));
    let answer = checks.get(key);
    if (!answer) checks.set(key, (answer = recheck()));
    return answer;
  };

  return {
    async check(event) {
      if (Date.now() - checkedAt < ACCESS_RECHECK_MS) return last;
      last = await recheckFor(event);
      checkedAt = Date.now();
      return last;
    },
    watch(lost) {
      let stopped = false;
      const timers = new Set<NodeJS.Timeout>();
      const checkNow = async () => {
        if (stopped) return;
        const error = await recheck().catch(() => null); // a database blip is not a revocation
        if (error && !stopped) {
          stop();
          lost(error);
        }
      };
      const after = (ms: number, then: () => void) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          then();
        }, Math.min(ms, MAX_TIMER_MS));
        timer.unref();
        timers.add(timer);
      };
      const { viewer } = ctx;
      const concernsMe = (event: ApiEvent): event is AccessEvent =>
        (event.type === 'sessionEnded' && viewer.kind === 'user' && event.sessionId === viewer.sessionId) ||
        (event.type === 'apiTokenRevoked' && viewer.kind === 'apiToken' && event.tokenId === viewer.tokenId) ||
        (event.type === 'membershipChanged' && event.teamId === teamId && (viewer.kind === 'user' || viewer.kind === 'apiToken') && event.userId === viewer.user.id);
      const events = ctx.events.subscribe(concernsMe);
      void (async () => {
        for await (const _event of events) await checkNow();
      })();
      const watchExpiry = () => {
        if (viewer.kind !== 'user') return;
        const ms = viewer.sessionExpiresAt.getTime() - Date.now() + 50;
        after(ms, () => void (ms > MAX_TIMER_MS ? watchExpiry() : checkNow()));
      };
      watchExpiry();
      const poll = () => after(ACCESS_WATCH_MS, () => void checkNow().then(() => !stopped && poll()));
      poll();
      const stop = () => {
        stopped = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        void events.return?.();
      };
      return stop;
    },
  };
}
