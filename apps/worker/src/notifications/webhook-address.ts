import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach in production: loopback, private networks, link-local
 * (cloud metadata services live there), carrier-grade NAT, and their IPv6 kin — so that an
 * organisation's administrator cannot point the platform's worker at its own internal
 * services (server-side request forgery).
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::1', 128],
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv6');

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith('::ffff:'))
    return isInternalAddress(address.slice(7));
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Refuses a webhook URL whose host is, or resolves to, an internal address. */
export async function assertPublicTarget(url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  const internal = addresses.find(isInternalAddress);
  if (internal)
    throw new Error(`the webhook's host resolves to an internal address (${internal}): refused`);
}
