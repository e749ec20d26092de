import { BlockList, isIP } from 'node:net';

// Addresses Twilio and members' phones cannot reach: loopback, private, link-local, unspecified and
// carrier-grade NAT. (IPv4-mapped IPv6 is refused by prefix below: a BlockList rule for ::ffff:0:0/96
// would match every IPv4 address too.)
const LOCAL = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  LOCAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) {
  LOCAL.addSubnet(net, bits, 'ipv6');
}
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa'];

// Why a production PUBLIC_BASE_URL is unfit, or null. Twilio signs its webhooks over this URL and
// members open links built on it, so it must be https on a public name.
export function publicUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol !== 'https:') return 'must be https in production';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  const family = isIP(host);
  if (family !== 0) {
    const local = host.startsWith('::ffff:') || LOCAL.check(host, family === 4 ? 'ipv4' : 'ipv6');
    return local ? 'must not be a local or private address in production' : null;
  }
  if (host === 'localhost' || LOCAL_SUFFIXES.some((s) => host.endsWith(s)) || !host.includes('.')) {
    return 'must be a public host name in production';
  }
  return null;
}
