import { Ctx } from '../compiler/types';
import { fail } from '../runtime/ops';
import { preview } from '../runtime/values';

type Fn = (input: unknown, args: unknown[], ctx: Ctx) => unknown;

function num(v: unknown, name: string, ctx: Ctx): number {
  if (typeof v !== 'number') fail(`${preview(v, ctx.dialect)} number required`);
  void name;
  return v as number;
}

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.ceil(Math.log2(Math.abs(x)));
  let m = x / 2 ** e;
  if (Math.abs(m) >= 1) {
    m /= 2;
    e += 1;
  }
  if (Math.abs(m) < 0.5) {
    m *= 2;
    e -= 1;
  }
  return [m, e];
}

// Lanczos approximation, accurate to ~15 digits for the gamma family.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function lgamma(x: number): number {
  if (x < 0.5)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return (
    0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
  );
}

function tgamma(x: number): number {
  if (Number.isInteger(x) && x <= 0) return NaN;
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * tgamma(1 - x));
  return Math.exp(lgamma(x));
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

const unary: Record<string, (x: number) => unknown> = {
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfAway,
  rint,
  nearbyint: rint,
  trunc: Math.trunc,
  fabs: Math.abs,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  exp2: x => 2 ** x,
  exp10: x => 10 ** x,
  pow10: x => 10 ** x,
  expm1: Math.expm1,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  logb: x => (x === 0 ? -Infinity : Math.floor(Math.log2(Math.abs(x)))),
  gamma: lgamma,
  lgamma,
  tgamma,
  lgamma_r: x => [lgamma(x), tgamma(x) < 0 ? -1 : 1],
  frexp,
  modf: x => (Number.isFinite(x) ? [x - Math.trunc(x), Math.trunc(x)] : [0, x]),
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  significand: x => {
    if (x === 0 || !Number.isFinite(x)) return x;
    return x / 2 ** Math.floor(Math.log2(Math.abs(x)));
  },
};

function ignoringNan(
  a: number,
  b: number,
  f: (x: number, y: number) => number,
): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return f(a, b);
}

const binary: Record<string, (a: number, b: number) => number> = {
  pow: (a, b) => a ** b,
  atan2: Math.atan2,
  fmod: (a, b) => a % b,
  ldexp: (a, b) => a * 2 ** b,
  scalb: (a, b) => a * 2 ** b,
  scalbln: (a, b) => a * 2 ** b,
  copysign: (a, b) =>
    Math.sign(b) < 0 || Object.is(b, -0) ? -Math.abs(a) : Math.abs(a),
  drem: (a, b) => a - b * rint(a / b),
  fdim: (a, b) => (a > b ? a - b : 0),
  fmax: (a, b) => ignoringNan(a, b, Math.max),
  fmin: (a, b) => ignoringNan(a, b, Math.min),
  hypot: Math.hypot,
  nextafter: (a, b) => nextAfter(a, b),
  nexttoward: (a, b) => nextAfter(a, b),
};

function nextAfter(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return b;
  if (a === 0) return b > 0 ? 5e-324 : -5e-324;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  let bits = buf.getBigUint64(0);
  bits += b > a === a > 0 ? 1n : -1n;
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

export const MATH_1: Record<string, Fn> = Object.fromEntries(
  Object.entries(unary).map(([name, f]) => [
    name,
    (v: unknown, _a: unknown[], c: Ctx) => f(num(v, name, c)),
  ]),
);

export const MATH_2: Record<string, Fn> = Object.fromEntries(
  Object.entries(binary).map(([name, f]) => [
    name,
    (_v: unknown, [a, b]: unknown[], c: Ctx) =>
      f(num(a, name, c), num(b, name, c)),
  ]),
);

export const MATH_3: Record<string, Fn> = {
  fma: (_v, [a, b, x], c) =>
    num(a, 'fma', c) * num(b, 'fma', c) + num(x, 'fma', c),
};
