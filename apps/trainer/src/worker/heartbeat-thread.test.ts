import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeatThread, type HeartbeatEvent } from './heartbeat-thread';

// What the API answers, beat by beat: a database restart's masked INTERNAL errors and an outage's
// 503s first, then the lease handed to another claim. The thread must stop the run only then.
const INTERNAL = { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: null };
const BEATING = { data: { heartbeat: { canceled: false, leaseExpiresAt: new Date().toISOString() } } };
const LEASE_LOST = { errors: [{ message: 'This worker no longer holds the lease', extensions: { code: 'CONFLICT', reason: 'LEASE_LOST' } }], data: null };

describe('the heartbeat thread', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('stops the run only on LEASE_LOST: internal errors and outages are retried, and it says when beats get through again', async () => {
    const script: [number, unknown][] = [[200, INTERNAL], [503, { error: 'down' }], [200, INTERNAL], [200, BEATING], [200, LEASE_LOST]];
    const seen: unknown[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push((JSON.parse(body) as { variables: unknown }).variables);
        const [status, answer] = script[Math.min(seen.length - 1, script.length - 1)]!;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const events: HeartbeatEvent[] = [];
    const thread = startHeartbeatThread({
      graphqlUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      token: 'tlw_test',
      lease: { runId: 'run-1', leaseId: 'lease-1' },
      intervalMs: 30,
      onEvent: (event) => events.push(event),
    });
    try {
      await vi.waitFor(() => expect(events.some((e) => e.kind === 'lease-lost')).toBe(true), { timeout: 20_000, interval: 20 });
    } finally {
      await thread.stop();
    }
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(['unreachable', 'unreachable', 'unreachable', 'beating', 'lease-lost']);
    expect(events[4]).toMatchObject({ message: expect.stringMatching(/no longer holds the lease/) });
    // Every beat names the claim, not only the run.
    expect(seen[0]).toEqual({ runId: 'run-1', leaseId: 'lease-1' });
  });
});
