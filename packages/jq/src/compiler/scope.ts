import { Code, NativeDef } from './types';

/** A function defined in jq (user program or prelude); `code` is set once its body is compiled. */
export interface FnInfo {
  name: string;
  params: string[];
  code: Code | null;
}

type Entry =
  | { kind: 'slot'; name: string }
  | { kind: 'def'; key: string; fn: FnInfo };

/** Compile-time scope: a chain of entries; `depth` counts the runtime env slots in the chain. */
export interface Scope {
  entry: Entry;
  parent: Scope | null;
  depth: number;
}

export interface Library {
  defs: Map<string, FnInfo>;
  natives: Map<string, NativeDef>;
}

export function pushSlot(scope: Scope | null, name: string): Scope {
  return {
    entry: { kind: 'slot', name },
    parent: scope,
    depth: (scope?.depth ?? 0) + 1,
  };
}
