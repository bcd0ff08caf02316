import { parseValidated } from './config/parseMapping';
import { applyResourceAsync, applyResourceSync } from './engine/applyResource';
import {
  compileExpressions,
  WrapExpression,
} from './engine/compileExpressions';
import { JqLimits } from './engine/Expression';
import { CompiledResource, compileResource } from './engine/compileResource';
import { withIdentifier } from './engine/withIdentifier';
import { BackstageEntity, MappingConfig, MappingResult } from './types';

/** @public */
export interface CompileMappingOptions {
  /** Let expressions read the environment (jq `env`/`$ENV`, JSONata `$env`). Off by default, as in Ocean. */
  allowEnv?: boolean;
  /** The environment to expose when `allowEnv` is on; defaults to `process.env`. */
  env?: Record<string, string>;
  /** Config path for error messages when `config` is not already parsed. */
  configPath?: string;
  sourceName?: string;
  /** Budgets of each jq evaluation (steps, deadline, value size). */
  jq?: JqLimits;
}

/** @public */
export interface CompiledMapping {
  /** The normalised config, with Ocean's defaults filled in. */
  config: MappingConfig;
  /** The Backstage kinds named by resources, in order, once each (compared case-insensitively); may include `*`. */
  kinds(): string[];
  /** Maps one entity. Pure and synchronous; throws if a resource that applies to it uses JSONata. */
  apply(entity: BackstageEntity): MappingResult;
  /** Maps one entity with either dialect. */
  applyAsync(entity: BackstageEntity): Promise<MappingResult>;
  /** True when every resource uses jq, so `apply` never throws for the dialect. */
  isSync: boolean;
}

/** The wildcard kind: a resource with it maps every entity whose kind no other resource names. */
export const ANY_KIND = '*';

/**
 * Compiles a mapping once: every expression is compiled at this point, and a bad one throws `MappingConfigError`.
 *
 * @public
 */
export function compileMapping(
  config: MappingConfig | string | object,
  options: CompileMappingOptions = {},
): CompiledMapping {
  return compileMappingWith(config, options);
}

/** `compileMapping`, with a hook around each expression (for the worker of `createIsolatedMapping`). */
export function compileMappingWith(
  config: MappingConfig | string | object,
  options: CompileMappingOptions,
  wrap?: WrapExpression,
): CompiledMapping {
  const validated = parseValidated(config, options);
  const expressions = compileExpressions(
    validated,
    {
      allowEnv: options.allowEnv ?? false,
      env: options.env ?? (process.env as Record<string, string>),
      jq: options.jq ?? {},
    },
    wrap,
  );
  const resources = validated.config.resources.map((resource, index) =>
    compileResource(resource, index, validated, expressions),
  );

  const byKind = new Map<string, CompiledResource[]>();
  const wildcard: CompiledResource[] = [];
  for (const resource of resources) {
    if (resource.kind === ANY_KIND) {
      wildcard.push(resource);
      continue;
    }
    const key = resource.kind.toLowerCase();
    byKind.set(key, [...(byKind.get(key) ?? []), resource]);
  }
  const resourcesFor = (kind: string): CompiledResource[] =>
    byKind.get(String(kind).toLowerCase()) ?? wildcard;

  const kinds: string[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    const key = resource.kind.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      kinds.push(resource.kind);
    }
  }

  return {
    config: validated.config,
    isSync: resources.every(r => r.isSync),
    kinds: () => [...kinds],
    apply(entity) {
      const input = withIdentifier(entity);
      const result: MappingResult = { entities: [], errors: [], skipped: 0 };
      for (const resource of resourcesFor(entity.kind)) {
        if (!resource.isSync) {
          throw new Error(
            `resource ${resource.index} (kind ${resource.kind}) uses JSONata, which evaluates asynchronously; use applyAsync`,
          );
        }
        applyResourceSync(resource, input, result);
      }
      return result;
    },
    async applyAsync(entity) {
      const input = withIdentifier(entity);
      const result: MappingResult = { entities: [], errors: [], skipped: 0 };
      for (const resource of resourcesFor(entity.kind)) {
        await applyResourceAsync(resource, input, result);
      }
      return result;
    },
  };
}
