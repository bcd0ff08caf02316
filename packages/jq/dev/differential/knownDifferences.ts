import { Case, Outcome } from './outcome';

/**
 * The differences from jq 1.7.1 that the differential test accepts, each a row of the README's
 * "Differences from jq" table. Nothing else is excluded: any other disagreement fails the test.
 */
export interface KnownDifference {
  id: string;
  /** whether this disagreement is an instance of the difference */
  matches(c: Case, ours: Outcome, jq: Outcome): boolean;
}

const outputsOf = (o: Outcome): unknown[] =>
  o.kind === 'ok' || o.kind === 'error' || o.kind === 'crash' ? o.outputs : [];

const errorOf = (o: Outcome): unknown =>
  o.kind === 'error' ? o.error : undefined;

/** Number texts the generator writes whose form jq 1.7.1's decNumber keeps (`1E+3`, `1.50`). */
const KEPT_NUMBER_TEXTS = ['1e3', '1.50'];

/** Builtins and operators that jq 1.7.1 implements with `label`/`break`. */
const EARLY_EXIT =
  /\|=|\bmap_values\(|\bwalk\(|\bfirst\(|\blimit\(|\bnth\(|\blabel\b|\bisempty\(|\bany\(|\ball\(|\bIN\(/;

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    // jq 1.7.1 keeps a parsed number's literal text (decNumber) and prints it when the number is
    // converted back to text unchanged: `"1e3" | tonumber | tostring` is "1E+3"; we print 1000,
    // and `infinite | tojson | fromjson | tostring` is "1.7976931348623157E+308" (we print `e+`)
    id: 'decnumber-literal-text',
    matches: (c, ours, jq) => {
      const text = `${c.program}${JSON.stringify(c.input)}`;
      const printed = JSON.stringify(jq);
      if (!/tonumber|fromjson/.test(c.program)) return false;
      if (printed.replace(/(\d)E([+-]\d)/g, '$1e$2') === JSON.stringify(ours)) {
        return true;
      }
      return (
        KEPT_NUMBER_TEXTS.some(
          t => text.includes(`${t}\"`) || text.includes(`"${t}"`),
        ) && /E\+|1\.50/.test(printed)
      );
    },
  },
  {
    // jq 1.7.1 implements `break` as an error that `?//` catches, so the next alternative runs
    // after an early exit (`first`, `limit`, `label`, and `|=`/`map_values`, which jq 1.7.1
    // defines with `label`/`break`) and yields more, or fails in that alternative
    // (`map_values(. as $v ?// [$v] | 5)`: "Cannot index number with number"; jqlang/jq#3592)
    id: 'break-through-destructuring-alternative',
    matches: (c, ours, jq) => {
      if (!c.program.includes('?//')) return false;
      const a = outputsOf(ours);
      const b = outputsOf(jq);
      const isPrefix = (short: unknown[], long: unknown[]) =>
        JSON.stringify(long.slice(0, short.length)) === JSON.stringify(short);
      if (b.length > a.length && isPrefix(a, b)) return true;
      return (
        EARLY_EXIT.test(c.program) &&
        jq.kind === 'error' &&
        ours.kind !== 'error' &&
        isPrefix(b, a)
      );
    },
  },
  {
    // jq-wasm's C library has no time zone name: `%Z` fails where native jq prints the zone
    id: 'wasm-strftime-zone-name',
    matches: (c, _ours, jq) =>
      c.program.includes('%Z') &&
      /^strf(local)?time\/1: unknown system failure$/.test(String(errorOf(jq))),
  },
  {
    // jq converts the seconds to a C `time_t` unchecked: for NaN, infinities and times beyond
    // the calendar its result depends on the platform (jq-wasm gives 1970 or year 1900);
    // we raise an error
    id: 'time-out-of-range',
    matches: (c, ours, jq) =>
      /^\w+\(\) requires a valid time$/.test(String(errorOf(ours))) ||
      (/gmtime|localtime|mktime|strf|todate/.test(c.program) &&
        outputsOf(jq).some(
          v =>
            Array.isArray(v) &&
            v.length === 8 &&
            (v[5] === null || v[0] === 1900),
        )),
  },
];

/** The known difference a disagreement is an instance of, if any. */
export function knownDifference(
  c: Case,
  ours: Outcome,
  jq: Outcome,
): string | undefined {
  return KNOWN_DIFFERENCES.find(d => d.matches(c, ours, jq))?.id;
}
