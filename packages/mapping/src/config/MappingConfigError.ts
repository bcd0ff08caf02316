/**
 * Where a problem sits in the source text (1-based).
 *
 * @public
 */
export interface SourcePosition {
  line: number;
  column: number;
}

/** @public */
export interface MappingConfigErrorDetails {
  /** Keys and list indexes of the offending value inside the mapping, so a caller can find it in another text. */
  path?: ReadonlyArray<string | number>;
  /** The expression that failed, when the problem is an expression. */
  expression?: string;
  /** Line and column inside the expression itself. */
  expressionPosition?: SourcePosition;
  /** Line and column in the YAML text the mapping came from, when it came from text. */
  sourcePosition?: SourcePosition;
  sourceName?: string;
}

/**
 * A mapping that cannot be used. The message starts with the config path of the offending value
 * (`port.mapping.resources[2].port.entity.mappings.properties.owner: ...`) and names the expression and where it is.
 *
 * @public
 */
export class MappingConfigError extends Error {
  readonly configPath: string;
  readonly problem: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly expression?: string;
  readonly expressionPosition?: SourcePosition;
  readonly line?: number;
  readonly column?: number;
  readonly sourceName?: string;

  constructor(
    configPath: string,
    problem: string,
    details: MappingConfigErrorDetails = {},
  ) {
    super(formatMessage(configPath, problem, details));
    this.name = 'MappingConfigError';
    this.configPath = configPath;
    this.problem = problem;
    this.path = details.path;
    this.expression = details.expression;
    this.expressionPosition = details.expressionPosition;
    this.line = details.sourcePosition?.line;
    this.column = details.sourcePosition?.column;
    this.sourceName = details.sourceName;
  }
}

function formatMessage(
  configPath: string,
  problem: string,
  details: MappingConfigErrorDetails,
): string {
  let message = `${configPath}: ${problem}`;
  if (details.expression !== undefined) {
    message += ` in expression ${JSON.stringify(details.expression)}`;
    if (details.expressionPosition) {
      const { line, column } = details.expressionPosition;
      message += ` at expression line ${line}, column ${column}`;
    }
  }
  if (details.sourcePosition) {
    const { line, column } = details.sourcePosition;
    const where = details.sourceName ? `${details.sourceName}:` : 'line ';
    message += details.sourceName
      ? ` (${where}${line}:${column})`
      : ` (${where}${line}, column ${column})`;
  }
  return message;
}
