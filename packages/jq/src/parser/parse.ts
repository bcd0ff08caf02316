import { JqCompileError } from '../errors';
import { lex, Token } from '../lexer/lex';
import {
  AssignOp,
  Ast,
  BinOp,
  FuncDef,
  ObjectEntry,
  ObjectPatternEntry,
  Pattern,
} from './ast';

/** A parsed program: module-level definitions come first in `body` as nested `def` nodes. */
export interface ParsedProgram {
  body: Ast;
}

/** Nesting deeper than this is rejected at compile time instead of exhausting the JS stack. */
const MAX_DEPTH = 1000;

interface OpInfo {
  prec: number;
  assoc: 'left' | 'right' | 'none';
}

// Binary operators from loosest to tightest, as in jq's yacc grammar.
const BINARY: Record<string, OpInfo> = {
  '|': { prec: 1, assoc: 'right' },
  ',': { prec: 2, assoc: 'left' },
  '//': { prec: 3, assoc: 'right' },
  '=': { prec: 4, assoc: 'none' },
  '|=': { prec: 4, assoc: 'none' },
  '+=': { prec: 4, assoc: 'none' },
  '-=': { prec: 4, assoc: 'none' },
  '*=': { prec: 4, assoc: 'none' },
  '/=': { prec: 4, assoc: 'none' },
  '%=': { prec: 4, assoc: 'none' },
  '//=': { prec: 4, assoc: 'none' },
  or: { prec: 5, assoc: 'left' },
  and: { prec: 6, assoc: 'left' },
  '==': { prec: 7, assoc: 'none' },
  '!=': { prec: 7, assoc: 'none' },
  '<': { prec: 7, assoc: 'none' },
  '<=': { prec: 7, assoc: 'none' },
  '>': { prec: 7, assoc: 'none' },
  '>=': { prec: 7, assoc: 'none' },
  '+': { prec: 8, assoc: 'left' },
  '-': { prec: 8, assoc: 'left' },
  '*': { prec: 9, assoc: 'left' },
  '/': { prec: 9, assoc: 'left' },
  '%': { prec: 9, assoc: 'left' },
};

/** Keywords that start an expression which jq 1.7.1's grammar does not count as a `Term`. */
const NOT_TERMS = new Set(['if', 'reduce', 'foreach', 'try', 'label', 'def']);

// `as` sits between `,` and `//` when it binds a whole expression (jq 1.8).
const AS_PREC = 3;

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'num':
      return 'LITERAL';
    case 'str':
      return 'QQSTRING_START';
    case 'ident':
      return 'IDENT';
    case 'field':
      return 'FIELD';
    case 'var':
      return `'$'`;
    case 'format':
      return 'FORMAT';
    case 'keyword':
      return t.text;
    default:
      return `'${t.text}'`;
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  /** set while parsing the source of `reduce`/`foreach`, whose `as` belongs to them */
  private noAs = false;
  /**
   * set while parsing an object value, which jq 1.7.1's grammar restricts to `ExpD`: terms joined by
   * `|`, each optionally negated; no `if`/`try`/`reduce`/`foreach`/`def`/`as` and no `?` after
   * anything but an index, slice or iteration, unless parenthesised
   */
  private inObjectValue = false;
  /**
   * jq 1.7.1 only: set by `parsePostfix` when what it parsed is an expression but not one of
   * jq's `Term`s (`if`, `reduce`, `foreach`, or anything followed by a `?` that is not an index's),
   * which cannot be followed by `as`
   */
  private notATerm = false;

  constructor(
    private readonly src: string,
    private readonly toks: Token[],
    private readonly asBindsExpression: boolean,
  ) {}

  private get tok(): Token {
    return this.toks[this.i];
  }

  private fail(msg: string, t: Token = this.tok): never {
    throw new JqCompileError(msg, this.src, t.pos);
  }

  private unexpected(expecting?: string): never {
    const t = this.tok;
    return this.fail(
      `syntax error, unexpected ${describe(t)}${
        expecting ? `, expecting ${expecting}` : ''
      }`,
    );
  }

  private isOp(text: string): boolean {
    const t = this.tok;
    return t.kind === 'op' && t.text === text;
  }

  private isKw(text: string): boolean {
    const t = this.tok;
    return t.kind === 'keyword' && t.text === text;
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.unexpected(`'${text}'`);
    return this.toks[this.i++];
  }

  private expectKw(text: string): Token {
    if (!this.isKw(text)) this.unexpected(text);
    return this.toks[this.i++];
  }

  private sub(tokens: Token[]): Parser {
    const p = new Parser(this.src, tokens, this.asBindsExpression);
    p.depth = this.depth;
    return p;
  }

  parseProgram(): ParsedProgram {
    this.parseDirectives();
    const body = this.parsePipe();
    if (this.tok.kind !== 'eof') this.unexpected('end of file');
    return { body };
  }

  private parseDirectives(): void {
    if (this.isKw('module')) {
      const t = this.toks[this.i++];
      const meta = this.parsePostfix();
      this.checkMetadata(meta, t);
      this.expectOp(';');
    }
    while (this.isKw('import') || this.isKw('include')) {
      const kw = this.toks[this.i++];
      const pathTok = this.tok;
      if (pathTok.kind !== 'str') this.unexpected('QQSTRING_START');
      this.i++;
      if (pathTok.parts!.some(p => typeof p !== 'string')) {
        this.fail('Import path must be constant', pathTok);
      }
      if (kw.text === 'import') {
        this.expectKw('as');
        if (this.tok.kind !== 'ident' && this.tok.kind !== 'var') {
          this.unexpected('IDENT');
        }
        this.i++;
      }
      if (!this.isOp(';')) {
        const metaTok = this.tok;
        const meta = this.parsePostfix();
        this.checkMetadata(meta, metaTok);
      }
      this.expectOp(';');
      this.fail(
        `module not found: ${(pathTok.parts as string[]).join(
          '',
        )} (modules are not supported)`,
        kw,
      );
    }
  }

  private checkMetadata(meta: Ast, at: Token): void {
    const constant = (a: Ast): boolean => {
      if (a.type === 'literal') return true;
      if (a.type === 'string') return a.parts.every(p => typeof p === 'string');
      if (a.type === 'array') return a.body === null || constant(a.body);
      if (a.type === 'comma') return constant(a.left) && constant(a.right);
      if (a.type === 'object') {
        return a.entries.every(e => constant(e.key) && constant(e.value));
      }
      return false;
    };
    const metaStart = this.toks.find(t => t.pos >= at.pos && t !== at) ?? at;
    if (!constant(meta))
      this.fail('Module metadata must be constant', metaStart);
    if (meta.type !== 'object')
      this.fail('Module metadata must be an object', metaStart);
  }

  parsePipe(): Ast {
    const saved = this.noAs;
    const savedObjectValue = this.inObjectValue;
    this.noAs = false;
    this.inObjectValue = false;
    const r = this.parseExpr(1);
    this.noAs = saved;
    this.inObjectValue = savedObjectValue;
    return r;
  }

  private parseAsBinding(source: Ast, pos: number): Ast {
    this.i++;
    const patterns = this.parsePatterns();
    this.expectOp('|');
    const body = this.parsePipe();
    return { type: 'as', source, patterns, body, pos };
  }

  /**
   * The source of `reduce`/`foreach`: an expression that stops before its `as`; in jq 1.7.1 a
   * `Term` (`reduce (a // b) as $x` needs its parentheses).
   */
  private parseFoldSource(): Ast {
    if (!this.asBindsExpression) {
      // jq 1.7.1 fails at the keyword of a form that is an expression but not a `Term`
      if (this.tok.kind === 'keyword' && NOT_TERMS.has(this.tok.text)) {
        this.unexpected();
      }
      // and at a `?` that would make a `try` of the term: `reduce (.[])? as $x` (`.[]?` is a Term)
      const term = this.parsePostfix(true);
      if (this.isOp('?')) this.unexpected("FIELD or as or '.' or '['");
      return term;
    }
    const saved = this.noAs;
    this.noAs = true;
    const r = this.parseExpr(AS_PREC);
    this.noAs = saved;
    return r;
  }

  private parseExpr(minPrec: number): Ast {
    if (++this.depth > MAX_DEPTH) this.fail('program nesting is too deep');
    const start = this.tok;
    let left = this.parseUnary();
    for (;;) {
      const t = this.tok;
      if (
        this.asBindsExpression &&
        !this.noAs &&
        t.kind === 'keyword' &&
        t.text === 'as' &&
        minPrec <= AS_PREC
      ) {
        left = this.parseAsBinding(left, start.pos);
        continue;
      }
      let opText: string | null = null;
      if (t.kind === 'op' && BINARY[t.text]) opText = t.text;
      else if (t.kind === 'keyword' && (t.text === 'and' || t.text === 'or')) {
        opText = t.text;
      }
      if (!opText) break;
      const info = BINARY[opText];
      if (info.prec < minPrec) break;
      this.i++;
      const right = this.parseExpr(
        info.assoc === 'right' ? info.prec : info.prec + 1,
      );
      left = this.combine(opText, left, right, t.pos);
      if (info.assoc === 'none') {
        const n = this.tok;
        const nText = n.kind === 'op' ? n.text : null;
        if (nText && BINARY[nText] && BINARY[nText].prec === info.prec) {
          this.unexpected();
        }
      }
    }
    this.depth--;
    return left;
  }

  private combine(op: string, left: Ast, right: Ast, pos: number): Ast {
    switch (op) {
      case '|':
        return { type: 'pipe', left, right, pos };
      case ',':
        return { type: 'comma', left, right, pos };
      case '//':
        return { type: 'alt', left, right, pos };
      case 'and':
        return { type: 'and', left, right, pos };
      case 'or':
        return { type: 'or', left, right, pos };
      case '=':
      case '|=':
      case '+=':
      case '-=':
      case '*=':
      case '/=':
      case '%=':
      case '//=':
        return { type: 'assign', op: op as AssignOp, left, right, pos };
      default:
        return { type: 'binop', op: op as BinOp, left, right, pos };
    }
  }

  /**
   * A term with its postfix suffixes, optionally followed by `as` or preceded by `-`, `def`, `label`.
   * `stopAtTry`: this is the operand of jq 1.7.1's `try`/`catch` (see `parsePostfix`).
   */
  private parseUnary(stopAtTry = false): Ast {
    const t = this.tok;
    if (t.kind === 'keyword' && t.text === 'def') {
      const def = this.parseFuncDef();
      const rest = this.parsePipe();
      return { type: 'def', def, rest, pos: t.pos };
    }
    if (t.kind === 'keyword' && t.text === 'label') {
      this.i++;
      if (this.tok.kind !== 'var') this.unexpected("'$'");
      const name = this.toks[this.i++].text;
      this.expectOp('|');
      const body = this.parsePipe();
      return { type: 'label', name, body, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '-') {
      this.i++;
      // jq 1.7.1's `'-' Exp` takes the multiplicative operators and a binding with it:
      // `-2 * 3` is `-(2 * 3)` and `-1 as $x | body` is `-(1 as $x | body)`
      const body = this.asBindsExpression
        ? this.parsePostfix()
        : this.parseExpr(BINARY['*'].prec);
      return { type: 'neg', body, pos: t.pos };
    }
    return this.parseTermBinding(stopAtTry);
  }

  /** A term, and with jq 1.7.1's grammar the `as $x | body` that binds it. */
  private parseTermBinding(stopAtTry: boolean): Ast {
    const t = this.tok;
    const term = this.parsePostfix(stopAtTry);
    if (!this.asBindsExpression && !this.noAs && this.isKw('as')) {
      if (this.notATerm) this.unexpected('end of file');
      return this.parseAsBinding(term, t.pos);
    }
    return term;
  }

  private parseFuncDef(): FuncDef {
    const start = this.expectKw('def');
    const nameTok = this.tok;
    if (nameTok.kind !== 'ident' && nameTok.kind !== 'keyword') {
      this.unexpected('IDENT');
    }
    this.i++;
    const params: string[] = [];
    if (this.isOp('(')) {
      this.i++;
      for (;;) {
        const p = this.tok;
        if (p.kind === 'var') params.push(`$${p.text}`);
        else if (p.kind === 'ident' || p.kind === 'keyword')
          params.push(p.text);
        else this.unexpected('IDENT');
        this.i++;
        if (this.isOp(';')) {
          this.i++;
          continue;
        }
        this.expectOp(')');
        break;
      }
    }
    this.expectOp(':');
    const body = this.parsePipe();
    this.expectOp(';');
    return { name: nameTok.text, params, body, pos: start.pos };
  }

  private parsePatterns(): Pattern[] {
    const patterns = [this.parsePattern()];
    while (this.isOp('?//')) {
      this.i++;
      patterns.push(this.parsePattern());
    }
    return patterns;
  }

  private parsePattern(): Pattern {
    const t = this.tok;
    if (t.kind === 'var') {
      this.i++;
      return { type: 'var', name: t.text, pos: t.pos };
    }
    if (this.isOp('[')) {
      this.i++;
      if (this.isOp(']')) this.unexpected("BINDING or '[' or '{'");
      const elements: Pattern[] = [];
      for (;;) {
        elements.push(this.parsePattern());
        if (this.isOp(',')) {
          this.i++;
          continue;
        }
        this.expectOp(']');
        return { type: 'array', elements, pos: t.pos };
      }
    }
    if (this.isOp('{')) {
      this.i++;
      if (this.isOp('}')) this.unexpected();
      const entries: ObjectPatternEntry[] = [];
      for (;;) {
        entries.push(this.parseObjectPatternEntry());
        if (this.isOp(',')) {
          this.i++;
          continue;
        }
        this.expectOp('}');
        return { type: 'object', entries, pos: t.pos };
      }
    }
    return this.unexpected("BINDING or '[' or '{'");
  }

  private parseObjectPatternEntry(): ObjectPatternEntry {
    const t = this.tok;
    if (t.kind === 'var') {
      this.i++;
      const key: Ast = { type: 'literal', value: t.text, pos: t.pos };
      if (this.isOp(':')) {
        this.i++;
        return { key, bind: t.text, value: this.parsePattern(), pos: t.pos };
      }
      return { key, bind: t.text, value: null, pos: t.pos };
    }
    let key: Ast;
    if (t.kind === 'ident' || t.kind === 'keyword') {
      this.i++;
      key = { type: 'literal', value: t.text, pos: t.pos };
    } else if (t.kind === 'str') {
      key = this.parseString(null);
    } else if (this.isOp('(')) {
      this.i++;
      key = this.parsePipe();
      this.expectOp(')');
    } else {
      return this.unexpected();
    }
    this.expectOp(':');
    return { key, bind: null, value: this.parsePattern(), pos: t.pos };
  }

  private parseString(format: string | null): Ast {
    const t = this.toks[this.i++];
    const parts: (string | Ast)[] = t.parts!.map(p =>
      typeof p === 'string' ? p : this.parseInterpolation(p),
    );
    if (format === null && parts.length === 1 && typeof parts[0] === 'string') {
      return { type: 'literal', value: parts[0], pos: t.pos };
    }
    return { type: 'string', format, parts, pos: t.pos };
  }

  private parseInterpolation(tokens: Token[]): Ast {
    const p = this.sub(tokens);
    const body = p.parsePipe();
    if (p.tok.kind !== 'eof') p.unexpected("')'");
    return body;
  }

  /**
   * A term and its suffixes. `stopAtTry`: jq 1.7.1 ends the operand of `try`/`catch` (and the
   * source of `reduce`/`foreach`) before a `?` that is not an index's, which then applies to the
   * whole `try` (and is an error after the source).
   */
  private parsePostfix(stopAtTry = false): Ast {
    const jq17 = !this.asBindsExpression;
    const start = this.tok;
    let term = this.parsePrimary();
    this.notATerm =
      jq17 && start.kind === 'keyword' && NOT_TERMS.has(start.text);
    // whether a `?` here makes the last index optional: not after parentheses, `(.a)?` is a `try`
    let indexSuffix = !(start.kind === 'op' && start.text === '(');
    for (;;) {
      const t = this.tok;
      if (this.notATerm && !(t.kind === 'op' && t.text === '?')) return term;
      if (t.kind !== 'op' || t.text !== '?') indexSuffix = true;
      if (t.kind === 'field') {
        this.i++;
        term = this.index(term, t.text, t.pos);
      } else if (t.kind === 'op' && t.text === '.' && this.peekIs('str')) {
        this.i++;
        const key = this.parseString(null);
        term = {
          type: 'index',
          target: term,
          key,
          optional: false,
          pos: t.pos,
        };
      } else if (t.kind === 'op' && t.text === '.' && this.peekOp('[')) {
        this.i++;
      } else if (t.kind === 'op' && t.text === '[') {
        term = this.parseBracketSuffix(term);
      } else if (t.kind === 'op' && t.text === '?') {
        if (
          (term.type === 'index' ||
            term.type === 'slice' ||
            term.type === 'iterate') &&
          !term.optional &&
          (indexSuffix || !jq17)
        ) {
          this.i++;
          term = { ...term, optional: true };
        } else {
          if (stopAtTry && jq17) return term;
          if (this.inObjectValue) this.unexpected("'}'");
          this.i++;
          term = { type: 'try', body: term, handler: null, pos: t.pos };
          // jq 1.7.1's `Exp '?'`: the result takes no further suffix or `as`
          this.notATerm = jq17;
        }
      } else {
        return term;
      }
    }
  }

  private peekIs(kind: Token['kind']): boolean {
    return this.toks[this.i + 1]?.kind === kind;
  }

  private peekOp(text: string): boolean {
    const n = this.toks[this.i + 1];
    return n?.kind === 'op' && n.text === text;
  }

  private index(target: Ast, name: string, pos: number): Ast {
    return {
      type: 'index',
      target,
      key: { type: 'literal', value: name, pos },
      optional: false,
      pos,
    };
  }

  private parseBracketSuffix(target: Ast): Ast {
    const open = this.expectOp('[');
    if (this.isOp(']')) {
      this.i++;
      return { type: 'iterate', target, optional: false, pos: open.pos };
    }
    if (this.isOp(':')) {
      this.i++;
      const to = this.parsePipe();
      this.expectOp(']');
      return {
        type: 'slice',
        target,
        from: null,
        to,
        optional: false,
        pos: open.pos,
      };
    }
    const key = this.parsePipe();
    if (this.isOp(':')) {
      this.i++;
      const to = this.isOp(']') ? null : this.parsePipe();
      this.expectOp(']');
      return {
        type: 'slice',
        target,
        from: key,
        to,
        optional: false,
        pos: open.pos,
      };
    }
    this.expectOp(']');
    return { type: 'index', target, key, optional: false, pos: open.pos };
  }

  private parsePrimary(): Ast {
    const t = this.tok;
    const identity: Ast = { type: 'identity', pos: t.pos };
    switch (t.kind) {
      case 'num':
        this.i++;
        return { type: 'literal', value: t.num, pos: t.pos };
      case 'str':
        return this.parseString(null);
      case 'format':
        this.i++;
        if (this.tok.kind === 'str') return this.parseString(t.text);
        return { type: 'format', name: t.text, pos: t.pos };
      case 'field':
        this.i++;
        return this.index(identity, t.text, t.pos);
      case 'var':
        this.i++;
        if (t.text === '__loc__') {
          return { type: 'loc', line: this.lineOf(t.pos), pos: t.pos };
        }
        return { type: 'var', name: t.text, pos: t.pos };
      case 'ident':
        if (t.text === 'null' || t.text === 'true' || t.text === 'false') {
          this.i++;
          return {
            type: 'literal',
            value: t.text === 'null' ? null : t.text === 'true',
            pos: t.pos,
          };
        }
        return this.parseCall();
      case 'keyword':
        return this.parseKeywordTerm();
      case 'op':
        break;
      default:
        return this.unexpected();
    }
    switch (t.text) {
      case '.':
        this.i++;
        if (this.tok.kind === 'str') {
          const key = this.parseString(null);
          return {
            type: 'index',
            target: identity,
            key,
            optional: false,
            pos: t.pos,
          };
        }
        return identity;
      case '..':
        this.i++;
        return { type: 'recurseDefault', pos: t.pos };
      case '(': {
        this.i++;
        const body = this.parsePipe();
        this.expectOp(')');
        return body;
      }
      case '[': {
        this.i++;
        if (this.isOp(']')) {
          this.i++;
          return { type: 'array', body: null, pos: t.pos };
        }
        const body = this.parsePipe();
        this.expectOp(']');
        return { type: 'array', body, pos: t.pos };
      }
      case '{':
        return this.parseObject();
      default:
        return this.unexpected();
    }
  }

  private lineOf(pos: number): number {
    return this.src.slice(0, pos).split('\n').length;
  }

  private parseCall(): Ast {
    const t = this.toks[this.i++];
    if (t.text === 'break') {
      if (this.tok.kind !== 'var') this.unexpected("'$'");
      const name = this.toks[this.i++].text;
      return { type: 'break', name, pos: t.pos };
    }
    const args: Ast[] = [];
    if (this.isOp('(')) {
      this.i++;
      for (;;) {
        args.push(this.parsePipe());
        if (this.isOp(';')) {
          this.i++;
          continue;
        }
        this.expectOp(')');
        break;
      }
    }
    return { type: 'call', name: t.text, args, pos: t.pos };
  }

  private parseKeywordTerm(): Ast {
    const t = this.tok;
    if (this.inObjectValue) this.unexpected();
    switch (t.text) {
      case 'if':
        return this.parseIf();
      case 'try': {
        this.i++;
        const body = this.parseTryOperand();
        let handler: Ast | null = null;
        if (this.isKw('catch')) {
          this.i++;
          handler = this.parseTryOperand();
        }
        return { type: 'try', body, handler, pos: t.pos };
      }
      case 'reduce':
      case 'foreach':
        return this.parseFold(t);
      case 'def': {
        const def = this.parseFuncDef();
        const rest = this.parsePipe();
        return { type: 'def', def, rest, pos: t.pos };
      }
      default:
        return this.unexpected();
    }
  }

  /** `reduce SOURCE as PATTERNS (INIT; UPDATE)` and `foreach ... (INIT; UPDATE[; EXTRACT])`. */
  private parseFold(keyword: Token): Ast {
    this.i++;
    const source = this.parseFoldSource();
    this.expectKw('as');
    const patterns = this.parsePatterns();
    this.expectOp('(');
    const init = this.parsePipe();
    this.expectOp(';');
    const update = this.parsePipe();
    const pos = keyword.pos;
    if (keyword.text === 'reduce') {
      this.expectOp(')');
      return { type: 'reduce', source, patterns, init, update, pos };
    }
    let extract: Ast | null = null;
    if (this.isOp(';')) {
      this.i++;
      extract = this.parsePipe();
    }
    this.expectOp(')');
    return { type: 'foreach', source, patterns, init, update, extract, pos };
  }

  /**
   * The operand of `try`/`catch`. jq 1.7.1's `"try" Exp` binds tighter than every operator, so the
   * operand is whatever form ends without one: a term (optionally binding `as $x | body`), `-`
   * with its operand, `def`, `label`, or an `if`/`reduce`/`foreach`/`try` (which take no `as`:
   * `try if . then 1 end as $x | $x` is a syntax error). jq 1.8 takes a postfix term, negated or not.
   */
  private parseTryOperand(): Ast {
    if (!this.asBindsExpression) return this.parseUnary(true);
    if (this.isOp('-')) {
      const t = this.toks[this.i++];
      return { type: 'neg', body: this.parsePostfix(true), pos: t.pos };
    }
    return this.parsePostfix(true);
  }

  /** `if c then x (elif c then x)* (else y)? end`; each `elif` is a nested `if` sharing the `end`. */
  private parseIf(): Ast {
    const t = this.tok;
    this.i++; // `if` or `elif`
    const cond = this.parsePipe();
    this.expectKw('then');
    const then = this.parsePipe();
    let elseBranch: Ast | null = null;
    if (this.isKw('elif')) {
      elseBranch = this.parseIf();
    } else if (this.isKw('else')) {
      this.i++;
      elseBranch = this.parsePipe();
      this.expectKw('end');
    } else {
      this.expectKw('end');
    }
    return { type: 'if', cond, then, else: elseBranch, pos: t.pos };
  }

  private parseObject(): Ast {
    const open = this.expectOp('{');
    const entries: ObjectEntry[] = [];
    if (this.isOp('}')) {
      this.i++;
      return { type: 'object', entries, pos: open.pos };
    }
    for (;;) {
      entries.push(this.parseObjectEntry());
      if (this.isOp(',')) {
        this.i++;
        continue;
      }
      if (this.tok.kind === 'eof') this.unexpected();
      this.expectOp('}');
      return { type: 'object', entries, pos: open.pos };
    }
  }

  private parseObjectEntry(): ObjectEntry {
    const t = this.tok;
    const identity: Ast = { type: 'identity', pos: t.pos };
    if (t.kind === 'var') {
      this.i++;
      if (this.isOp(':')) {
        this.i++;
        const key: Ast = { type: 'var', name: t.text, pos: t.pos };
        return { key, value: this.parseObjectValue(), pos: t.pos };
      }
      const key: Ast = { type: 'literal', value: t.text, pos: t.pos };
      if (t.text === '__loc__') {
        return {
          key,
          value: { type: 'loc', line: this.lineOf(t.pos), pos: t.pos },
          pos: t.pos,
        };
      }
      return {
        key,
        value: { type: 'var', name: t.text, pos: t.pos },
        pos: t.pos,
      };
    }
    let key: Ast;
    let shorthand: Ast | null = null;
    if (t.kind === 'ident' || t.kind === 'keyword') {
      this.i++;
      key = { type: 'literal', value: t.text, pos: t.pos };
      shorthand = this.index(identity, t.text, t.pos);
    } else if (t.kind === 'str') {
      key = this.parseString(null);
      shorthand = {
        type: 'index',
        target: identity,
        key,
        optional: false,
        pos: t.pos,
      };
    } else if (t.kind === 'format' && this.peekIs('str')) {
      this.i++;
      key = this.parseString(t.text);
      shorthand = {
        type: 'index',
        target: identity,
        key,
        optional: false,
        pos: t.pos,
      };
    } else if (t.kind === 'num') {
      this.i++;
      key = { type: 'literal', value: t.num, pos: t.pos };
      if (!this.isOp(':'))
        this.fail('May need parentheses around object key expression', t);
    } else if (this.isOp('(')) {
      this.i++;
      key = this.parsePipe();
      this.expectOp(')');
    } else {
      return this.unexpected();
    }
    if (!this.isOp(':')) {
      if (!shorthand) this.unexpected("':'");
      return { key, value: shorthand, pos: t.pos };
    }
    this.i++;
    return { key, value: this.parseObjectValue(), pos: t.pos };
  }

  private parseObjectValue(): Ast {
    // jq 1.8 allows any expression down to `//` between the pipes (`{a: 1 + 2, b: null // 3}`)
    const jq18 = this.asBindsExpression;
    const saved = this.noAs;
    const savedObjectValue = this.inObjectValue;
    this.noAs = !jq18;
    this.inObjectValue = !jq18;
    const part = () => (jq18 ? this.parseExpr(3) : this.parseObjectValueTerm());
    let value = part();
    while (this.isOp('|')) {
      const p = this.toks[this.i++];
      value = { type: 'pipe', left: value, right: part(), pos: p.pos };
    }
    this.noAs = saved;
    this.inObjectValue = savedObjectValue;
    return value;
  }

  private parseObjectValueTerm(): Ast {
    const t = this.tok;
    if (t.kind === 'op' && t.text === '-') {
      this.i++;
      return { type: 'neg', body: this.parseObjectValueTerm(), pos: t.pos };
    }
    return this.parsePostfix();
  }
}

/**
 * `asBindsExpression`: jq 1.8 reads `1 + 2 as $x | ...` as `(1 + 2) as $x | ...`; jq 1.7 binds
 * `as` to the nearest term.
 */
export function parse(src: string, asBindsExpression = false): ParsedProgram {
  return new Parser(src, lex(src), asBindsExpression).parseProgram();
}
