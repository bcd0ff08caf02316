import { Compiler } from '../compiler/Compiler';
import { Library } from '../compiler/scope';
import { Ast } from '../parser/ast';
import { parse } from '../parser/parse';
import { nativeTable } from './natives';
import { PRELUDE } from './prelude';

let library: Library | null = null;

/** The builtins every program sees: natives plus the prelude, compiled once per process. */
export function getLibrary(): Library {
  if (library) return library;
  const lib: Library = { defs: new Map(), natives: nativeTable() };
  const compiler = new Compiler(PRELUDE, lib, new Map());
  let ast: Ast = parse(`${PRELUDE} .`).body;
  while (ast.type === 'def') {
    compiler.defineLibraryFunction(ast.def);
    ast = ast.rest;
  }
  // `builtins` lists what is defined once the prelude is compiled (internal `_` names aside)
  const names = [
    ...lib.natives.keys(),
    ...lib.defs.keys(),
    'builtins/0',
  ].filter(k => !k.startsWith('_') && !k.startsWith('@'));
  lib.natives.set('builtins/0', {
    run: (_v, _a, _e, _c, o) => o([...new Set(names)]),
  });
  library = lib;
  return lib;
}
