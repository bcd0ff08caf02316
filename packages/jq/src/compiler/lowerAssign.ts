import { Ast } from '../parser/ast';

/** Rewrites assignment operators into calls of `_assign` / `_modify` over real path expressions. */
export function lowerAssign(ast: Extract<Ast, { type: 'assign' }>): Ast {
  const pos = ast.pos;
  const v: Ast = { type: 'var', name: '*rhs', pos };
  const bindRhs = (body: Ast): Ast => ({
    type: 'as',
    source: ast.right,
    patterns: [{ type: 'var', name: '*rhs', pos }],
    body,
    pos,
  });
  const identity: Ast = { type: 'identity', pos };
  switch (ast.op) {
    case '|=':
      return {
        type: 'call',
        name: '_modify',
        args: [ast.left, ast.right],
        pos,
      };
    case '=':
      return bindRhs({
        type: 'call',
        name: '_assign',
        args: [ast.left, v],
        pos,
      });
    case '//=':
      return bindRhs({
        type: 'call',
        name: '_modify',
        args: [ast.left, { type: 'alt', left: identity, right: v, pos }],
        pos,
      });
    default: {
      const op = ast.op.slice(0, -1) as '+' | '-' | '*' | '/' | '%';
      return bindRhs({
        type: 'call',
        name: '_modify',
        args: [ast.left, { type: 'binop', op, left: identity, right: v, pos }],
        pos,
      });
    }
  }
}
