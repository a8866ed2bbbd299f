import pg from 'pg';
import { ChannelRegistry, quoteChannel } from './notifications';
import type { Unlisten } from './types';

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * One dedicated connection per Database that LISTENs on every channel someone listens to. A pooled
 * connection cannot do this: LISTEN belongs to a session, and the pool hands sessions around.
 * When the connection drops it reconnects with backoff and LISTENs again on every channel.
 */
export class PostgresListener {
  readonly #url: string;
  readonly #registry: ChannelRegistry;
  #client: pg.Client | null = null;
  #connecting: Promise<pg.Client> | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #reconnectDelayMs = RECONNECT_MIN_MS;
  #closed = false;

  constructor(url: string) {
    this.#url = url;
    this.#registry = new ChannelRegistry({
      listen: async (channel) => {
        const client = await this.#connection();
        await client.query(`LISTEN ${quoteChannel(channel)}`);
      },
      unlisten: async (channel) => {
        // A dropped connection has already forgotten its LISTENs; nothing to undo then.
        const client = this.#client;
        if (!client) return;
        await client.query(`UNLISTEN ${quoteChannel(channel)}`).catch(() => undefined);
      },
    });
  }

  listen(channel: string, onPayload: (payload: string) => void): Promise<Unlisten> {
    if (this.#closed) return Promise.reject(new Error('The database is closed.'));
    return this.#registry.add(channel, onPayload);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#registry.clear();
    const client = this.#client ?? (await this.#connecting?.catch(() => null)) ?? null;
    this.#client = null;
    if (client) await client.end().catch(() => undefined);
  }

  #connection(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.#url });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.#client === client) this.#client = null;
      client.end().catch(() => undefined);
      if (!this.#closed) {
        if (error) console.warn(`Lost the LISTEN connection (${error.message}); reconnecting.`);
        this.#scheduleReconnect();
      }
    };
    client.on('notification', (message) => {
      this.#registry.dispatch(message.channel, message.payload ?? '');
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      // Channels listened to before a drop; a brand-new channel is LISTENed by its caller right after.
      for (const channel of this.#registry.channels) await client.query(`LISTEN ${quoteChannel(channel)}`);
    } catch (error) {
      lost = true;
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      throw new Error('The database is closed.');
    }
    this.#client = client;
    this.#reconnectDelayMs = RECONNECT_MIN_MS;
    return client;
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer || this.#registry.channels.length === 0) return;
    const delay = this.#reconnectDelayMs;
    this.#reconnectDelayMs = Math.min(delay * 2, RECONNECT_MAX_MS);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connection().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.#closed) console.warn(`Could not reconnect the LISTEN connection (${message}); retrying.`);
        this.#scheduleReconnect();
      });
    }, delay);
  }
}
