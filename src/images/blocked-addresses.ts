import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * Addresses an image URL must never reach unless its host is allowed explicitly: anything that
 * is not the public internet (loopback, private, link-local, CGNAT, unique-local, multicast,
 * reserved, documentation ranges) and the cloud metadata services.
 */
const IPV4_RANGES: ReadonlyArray<[string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (Alibaba Cloud's metadata service is 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (AWS, GCP, Azure metadata at 169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (Oracle Cloud metadata at 192.0.0.192)
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
  ["168.63.129.16", 32], // Azure platform endpoint (wire server, metadata)
];

const IPV6_RANGES: ReadonlyArray<[string, number]> = [
  ["::", 96], // unspecified, loopback, IPv4-compatible
  ["::ffff:0:0:0", 96], // IPv4-translated (SIIT, ::ffff:0:a.b.c.d): never a public host
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique-local (AWS metadata at fd00:ec2::254)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local
  ["ff00::", 8], // multicast
];

const blocked = new BlockList();
for (const [address, prefix] of IPV4_RANGES) blocked.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of IPV6_RANGES) blocked.addSubnet(address, prefix, "ipv6");

/** Whether an IP address (v4 or v6, brackets allowed) is outside the public internet. */
export function isBlockedAddress(address: string): boolean {
  const ip = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(ip)) return blocked.check(ip, "ipv4");
  if (!isIPv6(ip)) return true;
  // BlockList applies IPv4 rules to IPv4-mapped addresses (::ffff:a.b.c.d) itself.
  if (blocked.check(ip, "ipv6")) return true;
  const embedded = embeddedIPv4(ip);
  return embedded !== undefined && blocked.check(embedded, "ipv4");
}

/** The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address leads to. */
function embeddedIPv4(ip: string): string | undefined {
  const groups = ipv6Groups(ip);
  if (!groups) return undefined;
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) {
    return ipv4FromGroups(groups[6]!, groups[7]!);
  }
  if (groups[0] === 0x2002) return ipv4FromGroups(groups[1]!, groups[2]!);
  return undefined;
}

function ipv4FromGroups(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.split("%")[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - front.length - back.length;
  const groups = [...front, ...new Array<number>(fill).fill(0), ...back];
  return groups.length === 8 ? groups : undefined;
}
