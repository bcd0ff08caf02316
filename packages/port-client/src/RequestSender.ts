import pLimit from 'p-limit';
import { AccessTokenCache } from './AccessTokenCache';
import { PortApiError, classifyStatus } from './PortApiError';
import { RateLimitGroup, RateLimiter, rateLimitGroupOf } from './RateLimiter';
import { Redactor } from './Redactor';
import { ResolvedOptions } from './resolveOptions';
import { retryDelayMs } from './retryDelay';
import { isIdempotent, shouldRetry } from './shouldRetry';

type QueryValue = string | number | boolean | string[] | undefined;

export interface PortRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Starts with `/v1/`; path segments already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The body already serialised as JSON; takes the place of `body`. */
  bodyText?: string;
  headers?: Record<string, string>;
  /** Marks a POST or PATCH safe to repeat (see `isIdempotent`). */
  idempotent?: boolean;
  /** False only for the token request itself. */
  auth?: boolean;
  /** An upsert route, where 404 `not_found` means a missing relation target. */
  entityWrite?: boolean;
  signal?: AbortSignal;
}

export interface PortResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Counters since the client was made. @public */
export interface PortClientStats {
  /** HTTP requests sent, retries and token requests included. */
  requests: number;
  /** Requests sent again after a failed attempt (401 refreshes included). */
  retries: number;
  tokenRequests: number;
}

type Outcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

interface PortErrorEnvelope {
  error?: unknown;
  message?: unknown;
  details?: unknown;
}

/**
 * Sends one logical request: takes a token, a concurrency slot and a rate-limit slot, and
 * repeats the request while `shouldRetry` allows, waiting as `retryDelayMs` says. A slot is
 * held only while a request is on the wire, never during a backoff.
 */
export class RequestSender {
  readonly stats: PortClientStats = {
    requests: 0,
    retries: 0,
    tokenRequests: 0,
  };
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly limiters = new Map<RateLimitGroup, RateLimiter>();
  private readonly redactor: Redactor;
  private readonly tokens: AccessTokenCache;

  constructor(private readonly options: ResolvedOptions) {
    this.limit = pLimit(options.concurrency);
    this.redactor = new Redactor(options.clientId, options.clientSecret);
    this.tokens = new AccessTokenCache(async () => {
      this.stats.tokenRequests += 1;
      const { body } = await this.request<{
        accessToken: string;
        expiresIn: number;
        tokenType?: string;
      }>({
        method: 'POST',
        path: '/v1/auth/access_token',
        body: {
          clientId: options.clientId,
          clientSecret: options.clientSecret,
        },
        auth: false,
        idempotent: true,
      });
      if (
        typeof body.accessToken !== 'string' ||
        typeof body.expiresIn !== 'number'
      ) {
        throw new PortApiError({
          kind: 'auth',
          method: 'POST',
          path: '/v1/auth/access_token',
          status: 200,
          message: 'the response has no accessToken or expiresIn',
          attempts: 1,
        });
      }
      this.redactor.rememberToken(body.accessToken);
      return body;
    }, options.now);
  }

  /** Masks the credentials and tokens in text that came from Port. */
  redact(text: string): string {
    return this.redactor.text(text);
  }

  async accessToken(signal?: AbortSignal): Promise<string> {
    return (await this.tokens.get(signal)).accessToken;
  }

  async request<T>(request: PortRequest): Promise<PortResponse<T>> {
    const target = this.target(request);
    const body =
      request.bodyText ??
      (request.body === undefined ? undefined : JSON.stringify(request.body));
    const idempotent = isIdempotent(request.method, request.idempotent);
    const authenticated = request.auth !== false;
    let tokenRefreshed = false;

    for (let attempt = 1; ; attempt++) {
      const token = authenticated
        ? await this.tokens.get(request.signal)
        : undefined;
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': this.options.userAgent,
        ...request.headers,
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = token.authorization;
      const send = () => this.send(request, target, headers, body);
      // The token request skips the concurrency limit: requests holding every slot may be
      // the ones waiting for it.
      const outcome = authenticated ? await this.limit(send) : await send();

      if (outcome.kind === 'aborted') {
        throw request.signal?.reason ?? new Error('The request was aborted');
      }
      if (outcome.kind === 'response' && outcome.status < 400) {
        return {
          status: outcome.status,
          headers: outcome.headers,
          body: this.parse<T>(request, target, outcome, attempt),
        };
      }

      const status = outcome.kind === 'response' ? outcome.status : undefined;
      const decision = shouldRetry({
        attempt,
        maxRetries: this.options.maxRetries,
        idempotent,
        tokenRequest: !authenticated,
        tokenRefreshed,
        status,
        failure: outcome.kind === 'response' ? undefined : outcome.kind,
      });
      if (!decision.retry)
        throw this.toError(request, target, outcome, attempt);

      this.stats.retries += 1;
      if (decision.refreshToken && token) {
        this.tokens.invalidate(token.accessToken);
        tokenRefreshed = true;
        this.logRetry(request, target, outcome, attempt, decision.reason);
        continue;
      }
      const delayMs = retryDelayMs({
        retryNumber: attempt,
        status,
        headers: outcome.kind === 'response' ? outcome.headers : undefined,
        nowMs: this.options.now(),
        random: this.options.random(),
        baseDelayMs: this.options.baseDelayMs,
        maxBackoffMs: this.options.maxBackoffMs,
      });
      if (status === 429) {
        this.limiterFor(request.path).pauseUntil(this.options.now() + delayMs);
      }
      this.logRetry(
        request,
        target,
        outcome,
        attempt,
        decision.reason,
        delayMs,
      );
      await this.options.sleep(delayMs, request.signal);
    }
  }

  private async send(
    request: PortRequest,
    target: { url: string },
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<Outcome> {
    const callerSignal = request.signal;
    const limiter = this.limiterFor(request.path);
    try {
      callerSignal?.throwIfAborted();
      await limiter.acquire(callerSignal);
    } catch {
      return { kind: 'aborted' };
    }
    this.stats.requests += 1;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    // AbortSignal.any, not an 'abort' listener on the caller's signal: with
    // `concurrency` requests in flight on one signal, listeners would pile up
    // past Node's warning threshold.
    const signal = callerSignal
      ? AbortSignal.any([callerSignal, controller.signal])
      : controller.signal;
    let responseHeaders: Headers | undefined;
    try {
      const response = await this.options.fetch(target.url, {
        method: request.method,
        headers,
        body,
        signal,
      });
      // The timeout covers the body too: a server can stall after sending the headers.
      const text = await response.text();
      responseHeaders = response.headers;
      return {
        kind: 'response',
        status: response.status,
        headers: response.headers,
        text,
      };
    } catch (error) {
      if (callerSignal?.aborted) return { kind: 'aborted' };
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'network', error };
    } finally {
      clearTimeout(timer);
      limiter.release(responseHeaders);
    }
  }

  /** One debug line per retry: method, path, status and wait; never a header or a body. */
  private logRetry(
    request: PortRequest,
    target: { path: string },
    outcome: Exclude<Outcome, { kind: 'aborted' }>,
    attempt: number,
    reason: string,
    delayMs = 0,
  ): void {
    const status = outcome.kind === 'response' ? outcome.status : undefined;
    this.options.logger.debug(
      `Port ${request.method} ${target.path} ${
        status ?? outcome.kind
      }: ${reason}; retry ${attempt} of ${
        this.options.maxRetries
      } in ${delayMs} ms`,
      {
        method: request.method,
        path: target.path,
        status,
        attempt,
        delayMs,
        traceId:
          outcome.kind === 'response'
            ? outcome.headers.get('x-trace-id') ?? undefined
            : undefined,
      },
    );
  }

  private limiterFor(path: string): RateLimiter {
    const group = rateLimitGroupOf(path);
    let limiter = this.limiters.get(group);
    if (!limiter) {
      limiter = new RateLimiter(
        this.options.rateLimit,
        this.options.now,
        this.options.sleep,
      );
      this.limiters.set(group, limiter);
    }
    return limiter;
  }

  private target(request: PortRequest): { url: string; path: string } {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value])
        params.append(key, String(item));
    }
    const query = params.toString();
    const path = query ? `${request.path}?${query}` : request.path;
    // `path` is what logs and errors show.
    return {
      url: `${this.options.baseUrl}${path}`,
      path: this.redactor.text(path),
    };
  }

  private parse<T>(
    request: PortRequest,
    target: { path: string },
    outcome: { status: number; headers: Headers; text: string },
    attempt: number,
  ): T {
    if (outcome.text === '') return {} as T;
    try {
      return JSON.parse(outcome.text) as T;
    } catch {
      throw new PortApiError({
        kind: 'other',
        method: request.method,
        path: target.path,
        status: outcome.status,
        message: 'the response body is not JSON',
        traceId: outcome.headers.get('x-trace-id') ?? undefined,
        attempts: attempt,
      });
    }
  }

  private toError(
    request: PortRequest,
    target: { path: string },
    outcome: Exclude<Outcome, { kind: 'aborted' }>,
    attempts: number,
  ): PortApiError {
    const base = { method: request.method, path: target.path, attempts };
    if (outcome.kind === 'timeout') {
      return new PortApiError({
        ...base,
        kind: 'timeout',
        status: 0,
        message: `no response within ${this.options.timeoutMs} ms`,
      });
    }
    if (outcome.kind === 'network') {
      const description = this.redactor.text(
        describeNetworkError(outcome.error),
      );
      // A fresh cause: undici's own error objects carry sockets and request state.
      return new PortApiError({
        ...base,
        kind: 'network',
        status: 0,
        message: description,
        cause: new Error(description),
      });
    }
    const envelope = parseEnvelope(outcome.text);
    const code =
      typeof envelope.error === 'string'
        ? this.redactor.text(envelope.error)
        : undefined;
    const message =
      typeof envelope.message === 'string'
        ? envelope.message
        : outcome.text.slice(0, 300) || `HTTP ${outcome.status}`;
    return new PortApiError({
      ...base,
      kind: classifyStatus(outcome.status, code, request.entityWrite === true),
      status: outcome.status,
      code,
      message: this.redactor.text(message),
      traceId: outcome.headers.get('x-trace-id') ?? undefined,
      details: this.redactor.json(envelope.details),
    });
  }
}

function parseEnvelope(text: string): PortErrorEnvelope {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object'
      ? (parsed as PortErrorEnvelope)
      : {};
  } catch {
    return {};
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${
      cause.message
    })`;
  }
  return error.message;
}
