import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAddresses, classifyAddress, isIpAddress, type AddressCategory } from '@/lib/domain/network-address';

// Where a webhook may go: every special-purpose block of IPv4 and IPv6, each edge of each block,
// the IPv6 forms that carry an IPv4 address, and what is not an address at all.
const TABLE: [string, AddressCategory][] = [
  // IPv4: public
  ['8.8.8.8', 'PUBLIC'],
  ['1.1.1.1', 'PUBLIC'],
  ['9.255.255.255', 'PUBLIC'],
  ['11.0.0.0', 'PUBLIC'],
  ['100.63.255.255', 'PUBLIC'],
  ['100.128.0.0', 'PUBLIC'],
  ['126.255.255.255', 'PUBLIC'],
  ['128.0.0.0', 'PUBLIC'],
  ['169.253.255.255', 'PUBLIC'],
  ['169.255.0.0', 'PUBLIC'],
  ['172.15.255.255', 'PUBLIC'],
  ['172.32.0.0', 'PUBLIC'],
  ['192.167.255.255', 'PUBLIC'],
  ['192.169.0.0', 'PUBLIC'],
  ['198.17.255.255', 'PUBLIC'],
  ['198.20.0.0', 'PUBLIC'],
  ['223.255.255.255', 'PUBLIC'],
  ['168.63.129.15', 'PUBLIC'],
  // IPv4: refused
  ['0.0.0.0', 'UNSPECIFIED'],
  ['0.255.255.255', 'UNSPECIFIED'],
  ['10.0.0.0', 'PRIVATE'],
  ['10.255.255.255', 'PRIVATE'],
  ['172.16.0.0', 'PRIVATE'],
  ['172.31.255.255', 'PRIVATE'],
  ['192.168.0.0', 'PRIVATE'],
  ['192.168.255.255', 'PRIVATE'],
  ['100.64.0.0', 'CGNAT'],
  ['100.127.255.255', 'CGNAT'],
  ['127.0.0.1', 'LOOPBACK'],
  ['127.255.255.254', 'LOOPBACK'],
  ['169.254.0.1', 'LINK_LOCAL'],
  ['169.254.255.255', 'LINK_LOCAL'],
  ['169.254.169.254', 'METADATA'],
  ['168.63.129.16', 'METADATA'],
  ['100.100.100.200', 'METADATA'],
  ['192.0.0.192', 'METADATA'],
  ['224.0.0.1', 'MULTICAST'],
  ['239.255.255.255', 'MULTICAST'],
  ['240.0.0.1', 'RESERVED'],
  ['255.255.255.255', 'RESERVED'],
  ['192.0.0.8', 'RESERVED'],
  ['192.0.2.1', 'RESERVED'],
  ['198.51.100.7', 'RESERVED'],
  ['203.0.113.9', 'RESERVED'],
  ['198.18.0.1', 'RESERVED'],
  ['198.19.255.255', 'RESERVED'],
  ['192.88.99.1', 'RESERVED'],
  // IPv6: public
  ['2001:4860:4860::8888', 'PUBLIC'],
  ['2606:4700:4700::1111', 'PUBLIC'],
  ['2a00:1450::1', 'PUBLIC'],
  ['3ffe::1', 'PUBLIC'],
  ['2001:200::1', 'PUBLIC'],
  // IPv6: refused
  ['::', 'UNSPECIFIED'],
  ['::1', 'LOOPBACK'],
  ['0:0:0:0:0:0:0:1', 'LOOPBACK'],
  ['[::1]', 'LOOPBACK'],
  ['fe80::1', 'LINK_LOCAL'],
  ['fe80::1%eth0', 'LINK_LOCAL'],
  ['febf:ffff::1', 'LINK_LOCAL'],
  ['fec0::1', 'PRIVATE'],
  ['fc00::1', 'UNIQUE_LOCAL'],
  ['fdff:ffff::1', 'UNIQUE_LOCAL'],
  ['fd00:ec2::254', 'METADATA'],
  ['ff02::1', 'MULTICAST'],
  ['ff0e::1', 'MULTICAST'],
  ['2001::1', 'RESERVED'], // Teredo
  ['2001:2::1', 'RESERVED'], // benchmarking
  ['2001:10::1', 'RESERVED'], // ORCHID
  ['2001:db8::1', 'RESERVED'],
  ['2002:7f00:1::1', 'RESERVED'], // 6to4 of 127.0.0.1
  ['2002:808:808::1', 'RESERVED'],
  ['3fff::1', 'RESERVED'],
  ['100::1', 'RESERVED'], // discard
  ['4000::1', 'RESERVED'], // outside 2000::/3
  ['1::1', 'RESERVED'],
  ['64:ff9b:1::1', 'RESERVED'], // local-use NAT64
  // IPv6 forms that carry an IPv4 address: judged by it
  ['::ffff:127.0.0.1', 'LOOPBACK'],
  ['::ffff:7f00:1', 'LOOPBACK'],
  ['::FFFF:10.0.0.1', 'PRIVATE'],
  ['::ffff:169.254.169.254', 'METADATA'],
  ['::ffff:a9fe:a9fe', 'METADATA'],
  ['::ffff:8.8.8.8', 'PUBLIC'],
  ['::127.0.0.1', 'LOOPBACK'],
  ['::10.0.0.1', 'PRIVATE'],
  ['64:ff9b::7f00:1', 'LOOPBACK'],
  ['64:ff9b::192.168.1.1', 'PRIVATE'],
  ['64:ff9b::8.8.8.8', 'PUBLIC'],
  // not addresses
  ['localhost', 'INVALID'],
  ['example.com', 'INVALID'],
  ['', 'INVALID'],
  ['1.2.3', 'INVALID'],
  ['0x7f000001', 'INVALID'],
  ['2130706433', 'INVALID'],
  ['127.1', 'INVALID'],
  ['0177.0.0.1', 'INVALID'],
  ['256.1.1.1', 'INVALID'],
  ['1.2.3.4.5', 'INVALID'],
  ['::ffff:1.2.3', 'INVALID'],
  ['gggg::1', 'INVALID'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  const octet = fc.integer({ min: 0, max: 255 });
  const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;

  it('refuses every address of the private, loopback, link-local and CGNAT blocks', () => {
    fc.assert(
      fc.property(octet, octet, octet, (b, c, d) => {
        expect(classifyAddress(v4(10, b, c, d))).toBe('PRIVATE');
        expect(classifyAddress(v4(127, b, c, d))).toBe('LOOPBACK');
        expect(classifyAddress(v4(172, 16 + (b % 16), c, d))).toBe('PRIVATE');
        expect(classifyAddress(v4(192, 168, c, d))).toBe('PRIVATE');
        expect(classifyAddress(v4(100, 64 + (b % 64), c, d))).not.toBe('PUBLIC');
        expect(classifyAddress(v4(169, 254, c, d))).not.toBe('PUBLIC');
      }),
    );
  });

  it('judges an IPv4-mapped, IPv4-compatible or NAT64 address as the IPv4 address it carries', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        const address = v4(a, b, c, d);
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        const expected = classifyAddress(address);
        expect(classifyAddress(`::ffff:${address}`)).toBe(expected);
        expect(classifyAddress(`::ffff:${hex}`)).toBe(expected);
        expect(classifyAddress(`64:ff9b::${hex}`)).toBe(expected);
        // ::a.b.c.d with a = 0 is ::/96's own special cases (::, ::1), decided before.
        if (a !== 0) expect(classifyAddress(`::${address}`)).toBe(expected);
      }),
    );
  });

  it('takes only global unicast IPv6 (2000::/3) as public', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.array(group, { minLength: 7, maxLength: 7 }), (first, rest) => {
        const address = [first.toString(16), ...rest].join(':');
        if (first < 0x2000 || first > 0x3fff) expect(classifyAddress(address)).not.toBe('PUBLIC');
      }),
    );
  });
});

describe('checkAddresses', () => {
  it('refuses a host when any one of its addresses is refused, naming it', () => {
    expect(checkAddresses(['8.8.8.8', '2001:4860:4860::8888'], { allowPrivate: false })).toEqual({ ok: true });
    expect(checkAddresses(['8.8.8.8', '10.0.0.1'], { allowPrivate: false })).toEqual({
      ok: false,
      code: 'ADDRESS_REFUSED',
      address: '10.0.0.1',
      category: 'PRIVATE',
    });
    expect(checkAddresses(['::1'], { allowPrivate: false })).toMatchObject({ ok: false, category: 'LOOPBACK' });
  });

  it('lets private networks through only when allowed, and never something that is not an address', () => {
    expect(checkAddresses(['127.0.0.1', '169.254.169.254', 'fc00::1'], { allowPrivate: true })).toEqual({ ok: true });
    expect(checkAddresses(['not-an-address'], { allowPrivate: true })).toMatchObject({ ok: false, category: 'INVALID' });
  });

  it('tells an address from a host name', () => {
    expect(isIpAddress('127.0.0.1')).toBe(true);
    expect(isIpAddress('[::1]')).toBe(true);
    expect(isIpAddress('localhost')).toBe(false);
    expect(isIpAddress('2130706433')).toBe(false);
  });
});
