/** Exact references for tests: sums of doubles in BigInt arithmetic, rounded once to the nearest double. */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** x as an integer multiple of 2^-1074 (every finite double is one). */
function scaled(x: number): bigint {
  f64[0] = x;
  const hi = u32[1]!;
  const exp = (hi >>> 20) & 0x7ff;
  const mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(u32[0]!);
  const m = exp === 0 ? mant : mant | (1n << 52n);
  const v = m << BigInt(exp === 0 ? 0 : exp - 1);
  return x < 0 ? -v : v;
}

/** The exact sum of `xs`, correctly rounded (ties to even) to a double. */
export function exactSum(xs: number[]): number {
  let s = 0n;
  for (const x of xs) s += scaled(x);
  if (s === 0n) return 0;
  const neg = s < 0n;
  let a = neg ? -s : s;
  const bits = a.toString(2).length;
  const shift = Math.max(0, bits - 64);
  if (shift > 0) {
    const sticky = a & ((1n << BigInt(shift)) - 1n) ? 1n : 0n;
    a = (a >> BigInt(shift)) | sticky; // 64 bits + sticky: Number() then rounds once, correctly
  }
  const e = shift - 1074;
  // scale in two exact steps (each a power of two within range)
  const v = Number(a) * Math.pow(2, Math.trunc(e / 2)) * Math.pow(2, e - Math.trunc(e / 2));
  return neg ? -v : v;
}
