// A small seeded pseudo-random generator for the demo seed: the same seed always gives the same
// sequence, so two seed runs (with the same `now`) produce identical data, ids included.
// sfc32 (128-bit state) seeded through xmur3 from a string; never Math.random.

export type Random = {
  /** A float in [0, 1). */
  next: () => number;
  /** An unsigned 32-bit integer. */
  uint32: () => number;
  /** An integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number;
  /** True with probability p. */
  chance: (p: number) => boolean;
  /** One item of a non-empty list. */
  pick: <T>(items: readonly T[]) => T;
  /** One item by weight: [[value, weight], …]. */
  weighted: <T>(entries: readonly (readonly [T, number])[]) => T;
  /** `count` distinct items of the list, in random order (count is capped at the list length). */
  sample: <T>(items: readonly T[], count: number) => T[];
  /** A version-4-shaped UUID made from the generator. */
  uuid: () => string;
  /** A string of `count` decimal digits. */
  digits: (count: number) => string;
};

/** xmur3: a 32-bit hash of a string, used to seed the generator. */
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexByte(value: number): string {
  return HEX[value & 0xff] ?? '00';
}

function hex32(value: number): string {
  return hexByte(value >>> 24) + hexByte(value >>> 16) + hexByte(value >>> 8) + hexByte(value);
}

export function createRandom(seed: string): Random {
  const hash = xmur3(seed);
  let a = hash();
  let b = hash();
  let c = hash();
  let d = hash();

  const uint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 are weakly mixed.
  for (let i = 0; i < 15; i++) uint32();

  const next = (): number => uint32() / 4294967296;

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick: the list is empty');
    return item;
  };

  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('weighted: the list is empty');
    return last[0];
  };

  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const result: T[] = [];
    while (result.length < count && pool.length > 0) {
      const index = Math.floor(next() * pool.length);
      const [item] = pool.splice(index, 1);
      if (item !== undefined) result.push(item);
    }
    return result;
  };

  const uuid = (): string => {
    const w0 = uint32();
    const w1 = (uint32() & 0xffff0fff) | 0x00004000; // version 4
    const w2 = ((uint32() & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx
    const w3 = uint32();
    const h1 = hex32(w1);
    const h2 = hex32(w2);
    return `${hex32(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex32(w3)}`;
  };

  const digits = (count: number): string => {
    let out = '';
    for (let i = 0; i < count; i++) out += String(Math.floor(next() * 10));
    return out;
  };

  return { next, uint32, int, chance: (p) => next() < p, pick, weighted, sample, uuid, digits };
}
