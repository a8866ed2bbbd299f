'use client';

import { createClient, type Client } from 'graphql-ws';

export type SocketStatus = 'connecting' | 'live' | 'reconnecting';

interface SocketSession {
  url: string;
  token: string;
}

let client: Client | null = null;
let session: Promise<SocketSession> | null = null;
let status: SocketStatus = 'connecting';
const statusListeners = new Set<() => void>();
const connectedListeners = new Set<() => void>();

function setStatus(next: SocketStatus) {
  status = next;
  for (const listener of statusListeners) listener();
}

/** The API's socket URL and the session token, from the dashboard (the cookie itself is httpOnly). */
function socketSession(): Promise<SocketSession> {
  session ??= fetch('/session/socket', { cache: 'no-store' }).then(async (response) => {
    if (!response.ok) throw new Error(`Live updates are unavailable (${response.status}): sign in again.`);
    return (await response.json()) as SocketSession;
  });
  // A failed look-up is asked again on the next attempt rather than remembered.
  session.catch(() => (session = null));
  return session;
}

/** One graphql-ws connection per page, opened on the first subscription and retried for ever. */
export function socketClient(): Client {
  client ??= createClient({
    url: async () => (await socketSession()).url,
    connectionParams: async () => ({ authorization: `Bearer ${(await socketSession()).token}` }),
    lazy: true,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connected: () => {
        setStatus('live');
        for (const listener of connectedListeners) listener();
      },
      closed: () => {
        // The session may have changed (signed in again): ask for it afresh on reconnect.
        session = null;
        if (status === 'live') setStatus('reconnecting');
      },
    },
  });
  return client;
}

export function subscribeSocketStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

export function socketStatus(): SocketStatus {
  return status;
}

/** Called on every (re)connection: events sent while disconnected are gone, so refetch then. */
export function onSocketConnected(listener: () => void): () => void {
  connectedListeners.add(listener);
  return () => connectedListeners.delete(listener);
}
