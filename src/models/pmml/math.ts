/** Numeric helpers: the normal CDF and the inverse link functions of RegressionModel normalizationMethod. */

// Coefficients of W. J. Cody, "Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969), in the form R's nmath/pnorm.c uses: ~1e-16 relative accuracy.
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT_32 = 5.656854249492380195206754896838;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

/** Standard normal CDF Φ(x) (Cody's algorithm, as in R's pnorm). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > 1e-300) {
      const xsq = x * x;
      xnum = A[4]! * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]!) * xsq;
        xden = (xden + B[i]!) * xsq;
      }
    }
    return 0.5 + (x * (xnum + A[3]!)) / (xden + B[3]!);
  }
  let tail: number;
  if (y <= SQRT_32) {
    let xnum = C[8]! * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    tail = gaussTail(y, (xnum + C[7]!) / (xden + D[7]!));
  } else {
    const xsq = 1 / (x * x);
    let xnum = P[5]! * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]!) * xsq;
      xden = (xden + Q[i]!) * xsq;
    }
    const temp = (xsq * (xnum + P[4]!)) / (xden + Q[4]!);
    tail = gaussTail(y, (ONE_OVER_SQRT_2PI - temp) / y);
  }
  return x > 0 ? 1 - tail : tail;
}

/** exp(-y²/2)·t, splitting y² so the exponent keeps its precision far in the tail. */
function gaussTail(y: number, t: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * t;
}

/** Inverse links of PMML 4.4 "Regression" normalizationMethod: score y → probability (or value for exp). */
export const LINKS = {
  logit: (y: number) => 1 / (1 + Math.exp(-y)),
  probit: normalCdf,
  cloglog: (y: number) => 1 - Math.exp(-Math.exp(y)),
  loglog: (y: number) => Math.exp(-Math.exp(-y)),
  cauchit: (y: number) => 0.5 + Math.atan(y) / Math.PI,
  exp: Math.exp,
} as const;

export type LinkName = keyof typeof LINKS;

// exp to within half an ulp: V8's Math.exp (fdlibm) is off by one ulp on some inputs where Java's
// Math.exp (and glibc) are not; a neural network chains those differences past a 1e-15 tolerance.
// Double-double arithmetic (T. J. Dekker, "A floating-point technique for extending the available
// precision", Numer. Math. 18, 1971): reduce x = k·ln2 + r, exp(r/256) by Taylor series, square 8 times.
const SPLIT = 134217729; // 2^27 + 1
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;

function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const ah = a * SPLIT - (a * SPLIT - a);
  const al = a - ah;
  const bh = b * SPLIT - (b * SPLIT - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  const err = e + (ah * bl + al * bh);
  const s = p + err;
  return [s, err - (s - p)];
}

function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const s = ah + bh;
  const v = s - ah;
  const e = ah - (s - v) + (bh - v) + al + bl;
  const t = s + e;
  return [t, e - (t - s)];
}

/** e^x correctly rounded in all but the rarest cases (|error| ≤ 0.5 ulp + 2^-100 relative). */
export function expAccurate(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x); // NaN, overflow, underflow and subnormal results
  const k = Math.round(x / LN2_HI);
  const [ph, pl] = twoProd(k, LN2_HI);
  let [rh, rl] = ddAdd(x, 0, -ph, -pl);
  [rh, rl] = ddAdd(rh, rl, -k * LN2_LO, 0);
  rh /= 256;
  rl /= 256;
  // Taylor series of exp(r) − 1 for |r| < 0.0014: 10 terms reach 1e-35.
  let th = 1;
  let tl = 0;
  let sh = 0;
  let sl = 0;
  for (let i = 1; i <= 10; i++) {
    [th, tl] = ddMul(th, tl, rh, rl);
    th /= i;
    tl /= i;
    [sh, sl] = ddAdd(sh, sl, th, tl);
  }
  // (1 + s)² − 1 = 2s + s², eight times: exp(r) − 1 kept small for precision.
  for (let i = 0; i < 8; i++) {
    const [qh, ql] = ddMul(sh, sl, sh, sl);
    [sh, sl] = ddAdd(2 * sh, 2 * sl, qh, ql);
  }
  const [eh, el] = ddAdd(1, 0, sh, sl);
  const scale = Math.pow(2, k);
  return eh * scale + el * scale;
}
