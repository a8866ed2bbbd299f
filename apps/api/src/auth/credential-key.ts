import type { Viewer } from './viewer';

/**
 * Names the credential a viewer was resolved with (a session or an API token), for sharing work
 * between subscriptions opened with it; null for viewers nothing is shared for.
 */
export function credentialKey(viewer: Viewer): string | null {
  if (viewer.kind === 'user') return `session:${viewer.sessionId}`;
  if (viewer.kind === 'apiToken') return `token:${viewer.tokenId}`;
  return null;
}
