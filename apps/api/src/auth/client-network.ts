import ipaddr from 'ipaddr.js';

/**
 * The network a client address stands for when counting its attempts: the IPv4 address itself,
 * or the /64 of an IPv6 address (one subscriber usually holds a whole /64, so counting single
 * IPv6 addresses would give an attacker billions of budgets).
 */
export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes plain IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}
