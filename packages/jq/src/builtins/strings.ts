import { Code, Ctx, Env, Out } from '../compiler/types';
import { fail, splitString } from '../runtime/ops';
import { checkLength } from '../runtime/limits';
import { Dialect, preview } from '../runtime/values';
import { captureObject, matchAll } from './regex';
import { parseJson } from '../runtime/parseJson';

// String builtins: conversions, trimming, splitting and regex substitution.

export const LEADING_SPACE = /^[\s\u0085]+/;
export const TRAILING_SPACE = /[\s\u0085]+$/;

export function tonumber(v: unknown, d: Dialect): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && d === '1.7') {
    // jq 1.7.1 parses the string as a JSON text: surrounding whitespace is fine, and a text
    // that is not JSON fails with the parser's message
    const parsed = parseJson(v, { allowNan: true });
    if (typeof parsed === 'number') return parsed;
  } else if (typeof v === 'string') {
    const s = v.trim() === v ? v : '';
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return Number(s);
    if (s === 'nan' || s === '-nan') return NaN;
    return fail(`${preview(v, d)} cannot be parsed as a number`);
  }
  return fail(`${preview(v, d)} cannot be parsed as a number`);
}

export function implode(v: unknown, d: Dialect): string {
  if (!Array.isArray(v)) fail('implode input must be an array');
  let s = '';
  for (const c of v as unknown[]) {
    if (typeof c !== 'number') {
      fail(
        `${preview(
          c,
          d,
        )} can't be imploded, unicode codepoint needs to be numeric`,
      );
    }
    const n = Math.trunc(c as number);
    if (Number.isNaN(n))
      fail(
        `${preview(
          c,
          d,
        )} can't be imploded, unicode codepoint needs to be numeric`,
      );
    // jq substitutes U+FFFD for values that are not Unicode scalar values
    const valid = n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff);
    s += String.fromCodePoint(valid ? n : 0xfffd);
  }
  return s;
}

function requireString(v: unknown, msg: string): string {
  if (typeof v !== 'string') fail(msg);
  return v as string;
}

export function trimWith(v: unknown, re: RegExp): string {
  return requireString(v, 'trim input must be a string').replace(re, '');
}

export function splits1(v: unknown, sep: unknown, d: Dialect): unknown {
  if (typeof v !== 'string' || typeof sep !== 'string') {
    fail('split input and separator must be strings');
  }
  void d;
  return splitString(v as string, sep as string);
}

export function toBoolean(v: unknown, d: Dialect): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(`${preview(v, d)} cannot be parsed as a boolean`);
}

export function ltrimstr(v: unknown, p: unknown): unknown {
  if (typeof v === 'string' && typeof p === 'string' && v.startsWith(p))
    return v.slice(p.length);
  return v;
}

export function rtrimstr(v: unknown, p: unknown): unknown {
  if (
    typeof v === 'string' &&
    typeof p === 'string' &&
    v.endsWith(p) &&
    p.length > 0
  ) {
    return v.slice(0, v.length - p.length);
  }
  return v;
}

/** Replacement for `sub`/`gsub`: jq's result-per-replacement-output semantics. */
export function substitute(
  v: unknown,
  args: Code[],
  e: Env | null,
  c: Ctx,
  out: Out,
  global: boolean,
): void {
  const [reCode, strCode, flagsCode] = args;
  const d = c.dialect;
  const withFlags = (flags: unknown) =>
    reCode.run(v, e, c, re => {
      if (typeof v !== 'string') {
        fail(`${preview(v, d)} cannot be matched, as it is not a string`);
      }
      const s = v as string;
      const f = `${global ? 'g' : ''}${(flags as string | null) ?? ''}`;
      const matches = matchAll(s, re, f, c);
      if (matches.length === 0) {
        out(s);
        return;
      }
      const cps = Array.from(s);
      const results: (string | null)[] = [];
      let previous = 0;
      for (const m of matches) {
        const gap = cps.slice(previous, m.offset as number).join('');
        const inserts: unknown[] = [];
        strCode.run(captureObject(m), e, c, x => {
          inserts.push(x);
        });
        inserts.forEach((ins, ix) => {
          if (typeof ins !== 'string') {
            fail(
              `${preview(results[ix] ?? gap, d)} and ${preview(
                ins,
                d,
              )} cannot be added`,
            );
          }
          const prev = results[ix] ?? '';
          checkLength(
            prev.length + gap.length + (ins as string).length,
            c,
            'string',
          );
          results[ix] = prev + gap + ins;
        });
        previous = (m.offset as number) + (m.length as number);
      }
      const rest = cps.slice(previous).join('');
      for (const r of results) {
        out((r ?? '') + rest);
        if (c.stop) return;
      }
    });
  if (flagsCode) flagsCode.run(v, e, c, withFlags);
  else withFlags(null);
}
