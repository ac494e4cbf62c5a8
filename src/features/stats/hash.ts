/** A 64-bit hash of a number's IEEE-754 bits (as two 32-bit words), for sketches over values. */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const out: [number, number] = [0, 0];

/**
 * murmur3's 32-bit block mix over the two words of the double, run twice with different seeds for
 * the two halves of the result. −0 hashes as 0 (they are one value for `distinct`). The returned
 * pair is reused between calls: read it before hashing again. Appleby, MurmurHash3 (public domain).
 */
export function hash64(x: number): [number, number] {
  f64[0] = x === 0 ? 0 : x;
  const a = u32[0]!;
  const b = u32[1]!;
  out[0] = murmur2words(a, b, 0x9747b28c);
  out[1] = murmur2words(a, b, 0x5bd1e995);
  return out;
}

function murmur2words(a: number, b: number, seed: number): number {
  let h = seed;
  h = block(h, a);
  h = block(h, b);
  h ^= 8;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function block(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
