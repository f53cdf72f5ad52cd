/**
 * Where a webhook may point (decision 0027): https to a public address. A subscriber's URL is typed
 * by an admin but answered by whoever runs that host, so every delivery checks again what the name
 * resolves to and refuses the office's own network (private, loopback, link-local, unique-local),
 * except loopback over http when WEBHOOK_ALLOW_LOOPBACK says so (tests, a receiver on this machine).
 */
import dns from 'node:dns/promises';
import net from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const blocked = new net.BlockList();
for (const [address, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) blocked.addSubnet(address, bits, 'ipv4');
for (const [address, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) blocked.addSubnet(address, bits, 'ipv6');

const isLoopback = (address: string): boolean => address === '::1' || address.startsWith('127.');

export const isBlockedAddress = (address: string): boolean => blocked.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');

/** Why a URL may not be subscribed, or null when it may (the shape; the address is checked per delivery). */
export function refusedUrl(raw: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a URL with a user name or password';
  const loopbackHttp = allowLoopback && url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return 'only https:// addresses';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && isBlockedAddress(host) && !(allowLoopback && isLoopback(host))) return 'a private or local address';
  return null;
}

/**
 * Why the URL may not be posted to now (its shape, or an address its host resolves to), or null.
 * A name that does not resolve throws: that may pass, so the delivery is tried again.
 */
export async function refusedTarget(raw: string, allowLoopback: boolean): Promise<string | null> {
  const reason = refusedUrl(raw, allowLoopback);
  if (reason) return reason;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  const refused = addresses.find((address) => isBlockedAddress(address) && !(allowLoopback && isLoopback(address)));
  return refused ? `${host} resolves to a private or local address` : null;
}
