import jsonata from 'jsonata';
import { lineColumnOfOffset } from '../config/scalarOffsets';
import {
  Expression,
  ExpressionOptions,
  ExpressionSyntaxError,
} from './Expression';

/**
 * Compiles a JSONata expression once. JSONata 2 evaluates asynchronously, so only `firstAsync` exists. The mapping
 * variables are bound (`$definition`), and `$env` when the environment is allowed. A result that is a sequence (an
 * array flagged `sequence: true`) is returned as a plain array.
 */
export function compileJsonata(
  source: string,
  options: ExpressionOptions,
): Expression {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(source);
  } catch (error) {
    const e = error as { message?: string; position?: number; code?: string };
    const offset =
      typeof e.position === 'number'
        ? Math.max(0, Math.min(e.position - 1, source.length - 1))
        : undefined;
    const at =
      offset === undefined ? undefined : lineColumnOfOffset(source, offset);
    throw new ExpressionSyntaxError(
      `JSONata ${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`,
      at?.line,
      at?.column,
    );
  }
  const env = options.allowEnv ? { env: options.env } : {};
  return {
    source,
    async firstAsync(input, vars) {
      const value = await compiled.evaluate(input, { ...env, ...vars });
      // JSONata has one notion of "nothing" for a missing field and no match; it maps to null, as jq's `.missing`.
      return value === undefined ? null : plain(value);
    },
  };
}

/** Drops JSONata's `sequence` marker from arrays, copying only what contains one. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    let changed = (value as { sequence?: boolean }).sequence === true;
    const items = value.map(item => {
      const p = plain(item);
      changed ||= p !== item;
      return p;
    });
    return changed ? items : value;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const p = plain(v);
      if (p !== v) {
        out ??= { ...(value as Record<string, unknown>) };
        out[k] = p;
      }
    }
    return out ?? value;
  }
  return value;
}
