/** The surface syntax of a jq program, as the parser produces it. `pos` is a source offset. */
export type Ast =
  | { type: 'identity'; pos: number }
  | { type: 'recurseDefault'; pos: number }
  | { type: 'literal'; value: unknown; pos: number }
  | { type: 'index'; target: Ast; key: Ast; optional: boolean; pos: number }
  | {
      type: 'slice';
      target: Ast;
      from: Ast | null;
      to: Ast | null;
      optional: boolean;
      pos: number;
    }
  | { type: 'iterate'; target: Ast; optional: boolean; pos: number }
  | { type: 'pipe'; left: Ast; right: Ast; pos: number }
  | { type: 'comma'; left: Ast; right: Ast; pos: number }
  | { type: 'neg'; body: Ast; pos: number }
  | { type: 'binop'; op: BinOp; left: Ast; right: Ast; pos: number }
  | { type: 'and' | 'or' | 'alt'; left: Ast; right: Ast; pos: number }
  | { type: 'assign'; op: AssignOp; left: Ast; right: Ast; pos: number }
  | { type: 'array'; body: Ast | null; pos: number }
  | { type: 'object'; entries: ObjectEntry[]; pos: number }
  | {
      type: 'string';
      format: string | null;
      parts: (string | Ast)[];
      pos: number;
    }
  | { type: 'format'; name: string; pos: number }
  | { type: 'if'; cond: Ast; then: Ast; else: Ast | null; pos: number }
  | { type: 'try'; body: Ast; handler: Ast | null; pos: number }
  | {
      type: 'reduce';
      source: Ast;
      patterns: Pattern[];
      init: Ast;
      update: Ast;
      pos: number;
    }
  | {
      type: 'foreach';
      source: Ast;
      patterns: Pattern[];
      init: Ast;
      update: Ast;
      extract: Ast | null;
      pos: number;
    }
  | { type: 'def'; def: FuncDef; rest: Ast; pos: number }
  | { type: 'call'; name: string; args: Ast[]; pos: number }
  | { type: 'var'; name: string; pos: number }
  | { type: 'as'; source: Ast; patterns: Pattern[]; body: Ast; pos: number }
  | { type: 'label'; name: string; body: Ast; pos: number }
  | { type: 'break'; name: string; pos: number }
  | { type: 'loc'; line: number; pos: number };

export type BinOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>=';
export type AssignOp = '=' | '|=' | '+=' | '-=' | '*=' | '/=' | '%=' | '//=';

export interface FuncDef {
  name: string;
  params: string[];
  body: Ast;
  pos: number;
}

/** `{a}`, `{$x}`, `{"k": v}`, `{(e): v}`: key is an expression producing strings. */
export interface ObjectEntry {
  key: Ast;
  value: Ast;
  pos: number;
}

export type Pattern =
  | { type: 'var'; name: string; pos: number }
  | { type: 'array'; elements: Pattern[]; pos: number }
  | { type: 'object'; entries: ObjectPatternEntry[]; pos: number };

export interface ObjectPatternEntry {
  /** the key expression; for `$name` entries a literal of the name */
  key: Ast;
  /** `$name` binding of the whole value at the key (for `{$name}` and `{$name: pattern}`) */
  bind: string | null;
  value: Pattern | null;
  pos: number;
}
