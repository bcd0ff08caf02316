import { Ast, FuncDef } from '../parser/ast';

/**
 * A function's parameters as closure slots, and its body with each `$param` bound:
 * `def f($a): body` is `def f(a): a as $a | body`.
 */
export function lowerParams(def: FuncDef): { slots: string[]; body: Ast } {
  const slots = def.params.map(p => `${p.startsWith('$') ? p.slice(1) : p}/0`);
  let body: Ast = def.body;
  for (let i = def.params.length - 1; i >= 0; i--) {
    const p = def.params[i];
    if (p.startsWith('$')) {
      body = {
        type: 'as',
        source: { type: 'call', name: p.slice(1), args: [], pos: def.pos },
        patterns: [{ type: 'var', name: p.slice(1), pos: def.pos }],
        body,
        pos: def.pos,
      };
    }
  }
  return { slots, body };
}
