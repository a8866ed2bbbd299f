import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Which peers may say, in X-Forwarded-For, whose request they pass on. */
export type TrustedProxies = (address: string, hop: number) => boolean;

/**
 * `loopback`, `uniquelocal`, addresses and CIDRs, as Express's `trust proxy` takes them; `none`
 * trusts nobody. Throws on anything else, naming the setting.
 */
export function trustedProxies(list: string[]): TrustedProxies {
  const entries = list.filter((entry) => entry !== 'none');
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(`TRANSFERLAB_TRUST_PROXY: ${error instanceof Error ? error.message : String(error)}; use none, loopback, addresses or CIDRs, comma-separated.`);
  }
}

/** The client's address: the peer's, or the nearest untrusted one that a trusted proxy forwarded. */
export function clientAddress(request: IncomingMessage, trust: TrustedProxies): string {
  return proxyaddr(request, trust);
}
