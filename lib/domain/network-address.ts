// Which IP addresses a webhook may be sent to (pure). A webhook URL is the partner's to choose, so
// the portal must never become a way to reach what only the portal's own network can reach: its
// database, a cloud's instance metadata, a router's admin page. The rule is an allow-list: an
// IPv4 address outside every special-purpose block, or an IPv6 global unicast address (2000::/3)
// outside the special blocks inside it. IPv6 forms that carry an IPv4 address (IPv4-mapped
// ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d) are judged by that IPv4
// address, since that is where a connection to them goes. Blocks from IANA's IPv4 and IPv6
// special-purpose address registries, plus the cloud metadata services that sit on public
// addresses (Azure's 168.63.129.16).
import ipaddr from 'ipaddr.js';

export const ADDRESS_CATEGORIES = [
  'PUBLIC',
  'PRIVATE',
  'LOOPBACK',
  'LINK_LOCAL',
  'UNIQUE_LOCAL',
  'CGNAT',
  'MULTICAST',
  'METADATA',
  'UNSPECIFIED',
  'RESERVED',
  'INVALID',
] as const;
export type AddressCategory = (typeof ADDRESS_CATEGORIES)[number];

type Block = { cidr: string; category: Exclude<AddressCategory, 'PUBLIC' | 'INVALID'> };

// Most specific first: the first block that holds the address names its category.
const IPV4_BLOCKS: readonly Block[] = [
  { cidr: '169.254.169.254/32', category: 'METADATA' }, // AWS, GCP, Azure, OpenStack instance metadata
  { cidr: '168.63.129.16/32', category: 'METADATA' }, // Azure's platform endpoint (a public address)
  { cidr: '100.100.100.200/32', category: 'METADATA' }, // Alibaba Cloud metadata
  { cidr: '192.0.0.192/32', category: 'METADATA' }, // Oracle Cloud metadata
  { cidr: '0.0.0.0/8', category: 'UNSPECIFIED' }, // "this network"
  { cidr: '10.0.0.0/8', category: 'PRIVATE' },
  { cidr: '100.64.0.0/10', category: 'CGNAT' }, // shared address space (RFC 6598)
  { cidr: '127.0.0.0/8', category: 'LOOPBACK' },
  { cidr: '169.254.0.0/16', category: 'LINK_LOCAL' },
  { cidr: '172.16.0.0/12', category: 'PRIVATE' },
  { cidr: '192.0.0.0/24', category: 'RESERVED' }, // IETF protocol assignments
  { cidr: '192.0.2.0/24', category: 'RESERVED' }, // documentation (TEST-NET-1)
  { cidr: '192.31.196.0/24', category: 'RESERVED' }, // AS112
  { cidr: '192.52.193.0/24', category: 'RESERVED' }, // AMT
  { cidr: '192.88.99.0/24', category: 'RESERVED' }, // 6to4 relay anycast (deprecated)
  { cidr: '192.168.0.0/16', category: 'PRIVATE' },
  { cidr: '192.175.48.0/24', category: 'RESERVED' }, // AS112 direct delegation
  { cidr: '198.18.0.0/15', category: 'RESERVED' }, // benchmarking
  { cidr: '198.51.100.0/24', category: 'RESERVED' }, // documentation (TEST-NET-2)
  { cidr: '203.0.113.0/24', category: 'RESERVED' }, // documentation (TEST-NET-3)
  { cidr: '224.0.0.0/4', category: 'MULTICAST' },
  { cidr: '240.0.0.0/4', category: 'RESERVED' }, // future use, and 255.255.255.255 (broadcast)
];

// Inside 2000::/3 (global unicast); everything outside it is refused, except the forms that carry
// an IPv4 address, which are judged by it.
const IPV6_BLOCKS: readonly Block[] = [
  { cidr: 'fd00:ec2::254/128', category: 'METADATA' }, // AWS instance metadata over IPv6 (unique-local too)
  { cidr: '2001::/23', category: 'RESERVED' }, // IETF protocol assignments: Teredo, benchmarking, ORCHID…
  { cidr: '2001:db8::/32', category: 'RESERVED' }, // documentation
  { cidr: '2002::/16', category: 'RESERVED' }, // 6to4: reaches an IPv4 address through a relay
  { cidr: '3fff::/20', category: 'RESERVED' }, // documentation (RFC 9637)
];

const OUTSIDE_GLOBAL_UNICAST: readonly Block[] = [
  { cidr: '::/128', category: 'UNSPECIFIED' },
  { cidr: '::1/128', category: 'LOOPBACK' },
  { cidr: 'fe80::/10', category: 'LINK_LOCAL' },
  { cidr: 'fec0::/10', category: 'PRIVATE' }, // site-local (deprecated)
  { cidr: 'fc00::/7', category: 'UNIQUE_LOCAL' },
  { cidr: 'ff00::/8', category: 'MULTICAST' },
];

type Parsed<T> = { range: [T, number]; category: Block['category'] };
const parseBlocks = <T extends ipaddr.IPv4 | ipaddr.IPv6>(blocks: readonly Block[]): Parsed<T>[] =>
  blocks.map((block) => ({ range: ipaddr.parseCIDR(block.cidr) as [T, number], category: block.category }));

const V4 = parseBlocks<ipaddr.IPv4>(IPV4_BLOCKS);
const V6 = parseBlocks<ipaddr.IPv6>([...IPV6_BLOCKS.slice(0, 1), ...OUTSIDE_GLOBAL_UNICAST, ...IPV6_BLOCKS.slice(1)]);
const [GLOBAL_UNICAST] = [ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number]];
// IPv6 prefixes whose last 32 bits are an IPv4 address: mapped, compatible (deprecated), NAT64.
const EMBEDDING = (['::ffff:0:0/96', '::/96', '64:ff9b::/96'] as const).map((cidr) => ipaddr.parseCIDR(cidr) as [ipaddr.IPv6, number]);
const LOCAL_NAT64 = ipaddr.parseCIDR('64:ff9b:1::/48') as [ipaddr.IPv6, number];

function classifyV4(address: ipaddr.IPv4): AddressCategory {
  return V4.find((block) => address.match(block.range))?.category ?? 'PUBLIC';
}

function classifyV6(address: ipaddr.IPv6): AddressCategory {
  // :: and ::1 sit inside ::/96: decide them first.
  const special = V6.find((block) => address.match(block.range));
  if (special && (special.category === 'UNSPECIFIED' || special.category === 'LOOPBACK')) return special.category;
  if (EMBEDDING.some((prefix) => address.match(prefix))) {
    const bytes = address.toByteArray();
    return classifyV4(new ipaddr.IPv4(bytes.slice(12, 16)));
  }
  if (address.match(LOCAL_NAT64)) return 'RESERVED';
  if (special) return special.category;
  return address.match(GLOBAL_UNICAST) ? 'PUBLIC' : 'RESERVED';
}

/** The strict textual forms only: dotted-quad IPv4 (no octal, hex or short forms) or IPv6, an optional zone. */
function parse(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const value = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (value.includes(':') && ipaddr.IPv6.isValid(value)) return ipaddr.IPv6.parse(value);
  return null;
}

/** The category of an IP address written as text (a DNS answer, a URL's host); INVALID if it is none. */
export function classifyAddress(text: string): AddressCategory {
  const address = parse(text);
  if (!address) return 'INVALID';
  return address.kind() === 'ipv4' ? classifyV4(address as ipaddr.IPv4) : classifyV6(address as ipaddr.IPv6);
}

/** Whether the text is an IP address at all (a URL's host may be one instead of a name). */
export function isIpAddress(text: string): boolean {
  return parse(text) !== null;
}

export type AddressCheck = { ok: true } | { ok: false; code: 'ADDRESS_REFUSED'; address: string; category: AddressCategory };

/**
 * Whether a host that resolved to `addresses` may be sent to: every one of them must be public
 * (a name that also resolves to a private address is refused, whichever one a connection would
 * take), unless private networks are allowed (WEBHOOKS_ALLOW_PRIVATE, for tests). An INVALID
 * address is refused even then.
 */
export function checkAddresses(addresses: readonly string[], options: { allowPrivate: boolean }): AddressCheck {
  for (const address of addresses) {
    const category = classifyAddress(address);
    if (category === 'PUBLIC') continue;
    if (options.allowPrivate && category !== 'INVALID') continue;
    return { ok: false, code: 'ADDRESS_REFUSED', address, category };
  }
  return { ok: true };
}
