import { MappingLanguage } from '../types';
import { SourcePosition } from './MappingConfigError';
import { ValuePath } from './readMappingSource';

/** One expression of a mapping and where it came from. */
export interface ExpressionSite {
  /** The path inside the mapping as written. */
  path: ValuePath;
  /** The full config path, e.g. `port.mapping.resources[2].port.entity.mappings.properties.owner`. */
  configPath: string;
  /** The path inside the entity mapping, as field errors name it: `properties.owner`. */
  field: string;
  expression: string;
  language: MappingLanguage;
  resourceIndex: number;
  kind: string;
  /** Line and column in the source text of the value, or of a character inside it. */
  position(offsetInExpression?: number): SourcePosition | undefined;
  sourceName?: string;
}

/** The key under which a site is stored: its path in the raw mapping, which compile steps rebuild as they walk. */
export function siteKey(path: ValuePath): string {
  return path.join('\u0000');
}
