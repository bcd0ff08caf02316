/**
 * What a caller needs to decide about a failed call, from Port's status and `error` code.
 * @public
 */
export type PortApiErrorKind =
  | 'auth'
  | 'validation'
  | 'unmet-dependency'
  | 'not-found'
  | 'conflict'
  | 'rate-limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'other';

/** @public */
export interface PortApiErrorInit {
  kind: PortApiErrorKind;
  method: string;
  path: string;
  /** HTTP status; 0 when no response arrived (network failure, timeout). */
  status: number;
  code?: string;
  message: string;
  traceId?: string;
  details?: unknown;
  attempts: number;
  cause?: Error;
}

const RETRYABLE_KINDS: ReadonlySet<PortApiErrorKind> = new Set([
  'rate-limit',
  'server',
  'network',
  'timeout',
]);

/**
 * The one error the client throws for a failed Port call. It holds no request headers or
 * bodies, so neither the credentials nor the token can reach a log through it.
 * @public
 */
export class PortApiError extends Error {
  readonly kind: PortApiErrorKind;
  readonly status: number;
  /** Port's `error` code from the response envelope, e.g. `not_found`. */
  readonly code: string | undefined;
  /** The `x-trace-id` response header, for Port support. */
  readonly traceId: string | undefined;
  readonly method: string;
  /** Path and query of the request, without the base URL. */
  readonly path: string;
  /** True when the same request could succeed later (rate limits, 5xx, network, timeouts). */
  readonly retryable: boolean;
  /** How many requests were sent before giving up. */
  readonly attempts: number;
  /** Port's optional `details` object. */
  readonly details: unknown;
  /** Port's own `message` (redacted), or the client's description when none arrived. */
  readonly reason: string;

  constructor(init: PortApiErrorInit) {
    const status = init.status ? ` ${init.status}` : '';
    const code = init.code ? ` ${init.code}` : '';
    super(
      `Port API ${init.method} ${init.path} failed${status}${code}: ${init.message}`,
      {
        cause: init.cause,
      },
    );
    this.name = 'PortApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.traceId = init.traceId;
    this.method = init.method;
    this.path = init.path;
    this.retryable = RETRYABLE_KINDS.has(init.kind);
    this.attempts = init.attempts;
    this.details = init.details;
    this.reason = init.message;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      code: this.code,
      traceId: this.traceId,
      method: this.method,
      path: this.path,
      retryable: this.retryable,
      attempts: this.attempts,
      details: this.details,
    };
  }
}

/**
 * Maps a status and Port `error` code to a kind. `entityWrite` marks upsert routes, where
 * Port answers 404 `not_found` for a missing relation target (Ocean treats that as an
 * unmet dependency to retry at the end of a resync: port-api-notes §1.3).
 * @public
 */
export function classifyStatus(
  status: number,
  code: string | undefined,
  entityWrite: boolean,
): PortApiErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) {
    return entityWrite && code === 'not_found'
      ? 'unmet-dependency'
      : 'not-found';
  }
  if (status === 409) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 400 || status === 422) return 'validation';
  if (status === 429) return 'rate-limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'other';
}
