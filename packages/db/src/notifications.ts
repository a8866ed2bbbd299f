import { sql } from 'drizzle-orm';
import type { DbExecutor, Unlisten } from './types';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7999;

// NAMEDATALEN - 1: a longer channel name would be silently truncated by LISTEN but refused by pg_notify.
const MAX_CHANNEL_BYTES = 63;

export function assertChannelName(channel: string): void {
  const bytes = Buffer.byteLength(channel, 'utf8');
  if (bytes === 0 || bytes > MAX_CHANNEL_BYTES || channel.includes('\0')) {
    throw new Error(
      `Invalid notification channel ${JSON.stringify(channel)}: it must be 1 to ${MAX_CHANNEL_BYTES} bytes ` +
        'of UTF-8 without NUL characters.',
    );
  }
}

/** The channel as a quoted SQL identifier, so that any name (case, spaces, quotes) round-trips exactly. */
export function quoteChannel(channel: string): string {
  assertChannelName(channel);
  return `"${channel.replaceAll('"', '""')}"`;
}

export function assertPayloadSize(channel: string, payload: string): void {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_NOTIFY_PAYLOAD_BYTES) {
    throw new Error(
      `Notification payload on channel "${channel}" is ${bytes} bytes; PostgreSQL accepts fewer than 8000. ` +
        'Send an id and let the listener read the rest from the database.',
    );
  }
}

export async function sendNotification(executor: DbExecutor, channel: string, payload: string): Promise<void> {
  assertChannelName(channel);
  assertPayloadSize(channel, payload);
  await executor.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/**
 * The listeners of one Database, by channel. The transport (a PGlite instance or a dedicated
 * PostgreSQL connection) only has to LISTEN/UNLISTEN and to hand every notification to `dispatch`.
 */
export class ChannelRegistry {
  readonly #channels = new Map<string, { handlers: Set<(payload: string) => void>; ready: Promise<void> }>();

  constructor(
    private readonly transport: {
      listen(channel: string): Promise<void>;
      unlisten(channel: string): Promise<void>;
    },
  ) {}

  get channels(): string[] {
    return [...this.#channels.keys()];
  }

  async add(channel: string, onPayload: (payload: string) => void): Promise<Unlisten> {
    assertChannelName(channel);
    // A fresh wrapper per call: the same function listening twice is two listeners, removed one at a time.
    const handler = (payload: string) => onPayload(payload);
    let entry = this.#channels.get(channel);
    if (!entry) {
      const handlers = new Set<(payload: string) => void>();
      const created = { handlers, ready: this.transport.listen(channel) };
      entry = created;
      this.#channels.set(channel, created);
      created.ready.catch(() => {
        if (this.#channels.get(channel) === created) this.#channels.delete(channel);
      });
    }
    entry.handlers.add(handler);
    try {
      await entry.ready;
    } catch (error) {
      entry.handlers.delete(handler);
      throw error;
    }
    const listening = entry;
    let removed = false;
    return async () => {
      if (removed) return;
      removed = true;
      listening.handlers.delete(handler);
      if (listening.handlers.size === 0 && this.#channels.get(channel) === listening) {
        this.#channels.delete(channel);
        await this.transport.unlisten(channel);
      }
    };
  }

  dispatch(channel: string, payload: string): void {
    const entry = this.#channels.get(channel);
    if (!entry) return;
    for (const handler of [...entry.handlers]) {
      try {
        handler(payload);
      } catch (error) {
        // One listener's bug must neither starve the others nor take the process down.
        console.error(`A listener on notification channel "${channel}" threw:`, error);
      }
    }
  }

  clear(): void {
    this.#channels.clear();
  }
}
