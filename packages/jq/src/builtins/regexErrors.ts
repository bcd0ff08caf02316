import { Dialect } from '../runtime/values';

/**
 * V8's syntax errors for a pattern, reworded as Oniguruma (jq's regex library) words the same
 * fault, so that a mapping's error reads as it would in jq. V8 reports more kinds than listed;
 * the rest keep V8's wording after jq's prefix.
 */
const ONIGURUMA_WORDING: [RegExp, (pattern: string) => string][] = [
  [/Unterminated group/, () => 'end pattern with unmatched parenthesis'],
  [/Unmatched '\)'/, () => 'unmatched close parenthesis'],
  [/Unterminated character class/, () => 'premature end of char-class'],
  [
    /numbers out of order in \{\} quantifier/,
    () => 'upper is smaller than lower in repeat range',
  ],
  [/Nothing to repeat/, () => 'target of repeat operator is not specified'],
  [/\\ at end of pattern/, () => 'end pattern at escape'],
  [/Range out of order in character class/, () => 'empty range in char class'],
  [
    /Invalid capture group name/,
    pattern =>
      `invalid group name <${/\(\?<([^>]*)/.exec(pattern)?.[1] ?? ''}>`,
  ],
  [/Invalid group/, () => 'undefined group option'],
  [
    /Invalid property name/,
    pattern =>
      `invalid character property name {${
        /\\[pP]\{([^}]*)\}?/.exec(pattern)?.[1] ?? ''
      }}`,
  ],
];

/** The message jq gives for a pattern its regex library refuses, from V8's message for it. */
export function invalidRegexMessage(
  pattern: string,
  v8Message: string,
  dialect: Dialect,
): string {
  const reason = v8Message.replace(
    /^Invalid regular expression: \/.*\/\w*: /s,
    '',
  );
  const match = ONIGURUMA_WORDING.find(([test]) => test.test(reason));
  const onig = match ? match[1](pattern) : reason;
  // jq 1.8 names the pattern; 1.7.1 says only "Regex failure"
  return dialect === '1.7'
    ? `Regex failure: ${onig}`
    : `${pattern} (at offset 0) is not a valid regex: ${onig}`;
}
