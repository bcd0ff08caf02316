// Translates an Oniguruma pattern (Perl_NT syntax, as jq uses it) in one pass into two targets:
// a JS `u` RegExp source (the backtracking engine, which has lookaround and backreferences) and
// RE2 syntax for re2js (the linear-time engine), or the reason RE2 cannot express it. The same
// pass measures how much backtracking the pattern can cause, for the budget of the JS engine.

// Oniguruma's \w, \d, \s and \b are Unicode-aware on UTF-8 text; JS's \w, \d, \b and RE2's are
// ASCII-only (JS's \s is Unicode already, RE2's is not).
const WORD_CLASS = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const WORD_BOUNDARY = `(?:(?<=[${WORD_CLASS}])(?![${WORD_CLASS}])|(?<![${WORD_CLASS}])(?=[${WORD_CLASS}]))`;
const RE2_SPACE_CLASS =
  '\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

export interface TranslatedRegex {
  /** The JS RegExp source (compile with the `u` and `d` flags). */
  js: string;
  /** The RE2 source, or null when RE2 cannot express the pattern (see `re2Gap`). */
  re2: string | null;
  /** What RE2 lacks for this pattern: `a backreference`, `a lookahead`... */
  re2Gap?: string;
  /** RE2's `\b`/`\B` are ASCII-only: such a pattern may use RE2 only on ASCII input. */
  asciiBoundary: boolean;
  /** Capture groups' names in order, null for unnamed ones. */
  names: (string | null)[];
  /** A group repeated more than once contains a repetition or an alternation: `(a+)+`, `(a|b)*`. */
  nestedRepetition: boolean;
  /** Quantifiers whose count varies (`?`, `*`, `+`, `{n,m}`); backtracking may nest one loop each. */
  variableQuantifiers: number;
}

interface Group {
  /** offsets in the two outputs where the group opened */
  jsStart: number;
  re2Start: number;
  capturing: boolean;
  /** it contains a variable quantifier or an alternation, directly or in a nested group */
  risky: boolean;
}

/** Parses the `{n,m}` that ends at `end` (the `}`): whether the count varies and may exceed one. */
function braceQuantifier(
  src: string,
  end: number,
): { variable: boolean; repeats: boolean } | null {
  const start = src.lastIndexOf('{', end);
  const m = /^\{(\d*)(,?)(\d*)\}$/.exec(src.slice(start, end + 1));
  if (!m || (m[1] === '' && m[3] === '')) return null;
  const min = m[1] === '' ? 0 : Number(m[1]);
  let max = min;
  if (m[2] !== '') max = m[3] === '' ? Infinity : Number(m[3]);
  return { variable: max > min, repeats: max > 1 };
}

export function translateRegex(
  src: string,
  extended: boolean,
): TranslatedRegex {
  let js = '';
  let re2 = '';
  let re2Gap: string | undefined;
  let asciiBoundary = false;
  const names: (string | null)[] = [];
  let inClass = false;
  const groups: Group[] = [];
  /** the group that just closed, while the next token may be its quantifier */
  let closed: Group | null = null;
  let nestedRepetition = false;
  let variableQuantifiers = 0;
  let afterQuantifier = false;
  /** the group closed just before a `{`, for the brace quantifier that may follow */
  let braceTarget: Group | null = null;

  const emit = (both: string, re2Text: string = both) => {
    js += both;
    re2 += re2Text;
  };
  const gap = (what: string) => {
    re2Gap ??= what;
  };
  const quantifier = (
    target: Group | null,
    variable: boolean,
    repeats: boolean,
  ) => {
    if (variable) variableQuantifiers++;
    if (repeats && target?.risky) nestedRepetition = true;
    if (variable) for (const g of groups) g.risky = true;
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const lastClosed: Group | null = closed;
    const wasQuantifier: boolean = afterQuantifier;
    closed = null;
    afterQuantifier = false;
    if (c === '\\') {
      const n = src[i + 1];
      i++;
      if (n === undefined) {
        // left unescaped so that the pattern fails as in Oniguruma (`end pattern at escape`)
        emit('\\');
        continue;
      }
      switch (n) {
        case 'w':
          emit(inClass ? WORD_CLASS : `[${WORD_CLASS}]`);
          break;
        case 'W':
          emit(inClass ? '\\W' : `[^${WORD_CLASS}]`);
          break;
        case 'd':
          emit('\\p{Nd}');
          break;
        case 'D':
          emit(inClass ? '\\D' : '\\P{Nd}');
          break;
        case 's':
          emit('\\s', inClass ? RE2_SPACE_CLASS : `[${RE2_SPACE_CLASS}]`);
          break;
        case 'S':
          if (inClass) gap('\\S inside a class');
          emit('\\S', `[^${RE2_SPACE_CLASS}]`);
          break;
        case 'b':
          if (inClass) emit('\\x08');
          else {
            asciiBoundary = true;
            emit(WORD_BOUNDARY, '\\b');
          }
          break;
        case 'B':
          asciiBoundary = true;
          emit(`(?!${WORD_BOUNDARY})`, '\\B');
          break;
        case 'h':
          emit(inClass ? '0-9a-fA-F' : '[0-9a-fA-F]');
          break;
        case 'H':
          emit('[^0-9a-fA-F]');
          break;
        case 'A':
          emit('(?<![\\s\\S])', '\\A');
          break;
        case 'z':
          emit('(?![\\s\\S])', '\\z');
          break;
        case 'Z':
          gap('\\Z');
          emit('(?=\\n?(?![\\s\\S]))');
          break;
        case 'Q': {
          const end = src.indexOf('\\E', i + 1);
          const lit = src.slice(i + 1, end < 0 ? undefined : end);
          emit(lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
          i = end < 0 ? src.length : end + 1;
          break;
        }
        case 'e':
          emit('\\x1b');
          break;
        case 'a':
          emit('\\x07');
          break;
        case 'k':
          gap('a backreference');
          emit('\\k');
          break;
        case 'u': {
          const hex = /^[0-9a-fA-F]{4}/.exec(src.slice(i + 1))?.[0];
          if (hex) {
            emit(`\\u${hex}`, `\\x{${hex}}`);
            i += 4;
          } else {
            gap('\\u without four hex digits');
            emit('\\u');
          }
          break;
        }
        default:
          if (/[1-9]/.test(n)) {
            gap('a backreference');
            emit(`\\${n}`);
          } else if (n === '0') {
            if (/[0-9]/.test(src[i + 1] ?? '')) gap('an octal escape');
            emit('\\0', '\\x00');
          } else if (n === 'c') {
            gap('a control escape');
            emit('\\c');
          } else if (/[pPx]/.test(n) && src[i + 1] === '{') {
            // \p{Greek}, \x{263a}: one token, so its braces are not read as a quantifier
            const end = src.indexOf('}', i);
            const token = src.slice(i - 1, end < 0 ? undefined : end + 1);
            emit(n === 'x' ? `\\u${token.slice(2)}` : token, token);
            i = end < 0 ? src.length : end;
          } else if (
            /[dDwWsSbBnrtfvpPx]/.test(n) ||
            '^$\\.*+?()[]{}|/'.includes(n)
          ) {
            emit(`\\${n}`);
          } else if (inClass && n === '-') {
            emit('\\-');
          } else {
            const hex = n.codePointAt(0)!.toString(16);
            emit(`\\u{${hex}}`, `\\x{${hex}}`);
          }
      }
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end > 0 ? src.slice(i + 2, end) : '';
        if (Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
          emit(POSIX_CLASSES[name]);
          i = end + 1;
          continue;
        }
      }
      if (c === '[') {
        emit('\\[');
        continue;
      }
      if (c === ']') inClass = false;
      emit(c);
      continue;
    }
    if (extended) {
      if (/\s/.test(c)) {
        closed = lastClosed;
        afterQuantifier = wasQuantifier;
        continue;
      }
      if (c === '#') {
        while (i < src.length && src[i] !== '\n') i++;
        closed = lastClosed;
        afterQuantifier = wasQuantifier;
        continue;
      }
    }
    switch (c) {
      case '[':
        inClass = true;
        emit(c);
        if (src[i + 1] === '^') {
          emit('^');
          i++;
        }
        if (src[i + 1] === ']') {
          emit('\\]');
          i++;
        }
        break;
      case '(': {
        const group: Group = {
          jsStart: js.length,
          re2Start: re2.length,
          capturing: false,
          risky: false,
        };
        groups.push(group);
        if (src[i + 1] !== '?') {
          names.push(null);
          group.capturing = true;
          emit(c);
          break;
        }
        const kind = src.slice(i + 2, i + 4);
        if (kind[0] === '<' && kind[1] !== '=' && kind[1] !== '!') {
          const end = src.indexOf('>', i);
          names.push(src.slice(i + 3, end));
          group.capturing = true;
          emit(`(?<${src.slice(i + 3, end)}>`, `(?P<${src.slice(i + 3, end)}>`);
          i = end;
        } else if (kind === 'P<') {
          const end = src.indexOf('>', i);
          names.push(src.slice(i + 4, end));
          group.capturing = true;
          emit(`(?<${src.slice(i + 4, end)}>`, `(?P<${src.slice(i + 4, end)}>`);
          i = end;
        } else if (kind[0] === '>') {
          // atomic groups have no JS or RE2 equivalent; a plain group is the closest
          emit('(?:');
          i += 2;
        } else {
          if (kind[0] === '=' || kind[0] === '!') gap('a lookahead');
          if (kind === '<=' || kind === '<!') gap('a lookbehind');
          emit(c);
        }
        break;
      }
      case ')': {
        const group = groups.pop();
        emit(c);
        if (group?.risky && groups.length > 0) {
          groups[groups.length - 1].risky = true;
        }
        closed = group ?? null;
        // JS drops the capture of an optional group whose body matched empty ((a?)? on "b");
        // Oniguruma keeps it. `(?:(X)|)` tries X, then nothing, like `(X)?`, without that rule.
        if (
          group?.capturing &&
          src[i + 1] === '?' &&
          src[i + 2] !== '?' &&
          src[i + 2] !== '+'
        ) {
          js = `${js.slice(0, group.jsStart)}(?:${js.slice(group.jsStart)}|)`;
          re2 = `${re2.slice(0, group.re2Start)}(?:${re2.slice(
            group.re2Start,
          )}|)`;
          quantifier(group, true, false);
          afterQuantifier = true;
          closed = null;
          i++;
        }
        break;
      }
      case '|':
        if (groups.length > 0) groups[groups.length - 1].risky = true;
        emit(c);
        break;
      case '{':
        braceTarget = lastClosed;
        emit(c);
        break;
      case '^':
        emit('(?<![^\\n])', '(?m:^)');
        break;
      case '+':
      case '*':
      case '?':
      case '}': {
        emit(c);
        const brace = c === '}' ? braceQuantifier(src, i) : null;
        if (c === '}' && !brace) break;
        // after a quantifier, `?` and `+` are lazy and possessive modifiers, not new quantifiers
        if (!wasQuantifier) {
          if (brace) quantifier(braceTarget, brace.variable, brace.repeats);
          else quantifier(lastClosed, true, c !== '?');
        }
        afterQuantifier = true;
        // possessive quantifiers have no JS or RE2 equivalent; greedy is the closest
        if (src[i + 1] === '+' && c !== '?') i++;
        else if (c === '?' && src[i + 1] === '+' && js.length > 1) i++;
        break;
      }
      default:
        emit(c);
    }
  }
  return {
    js,
    re2: re2Gap === undefined ? re2 : null,
    re2Gap,
    asciiBoundary,
    names,
    nestedRepetition,
    variableQuantifiers,
  };
}
