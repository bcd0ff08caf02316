import { randomBytes } from 'node:crypto';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { SandboxState } from '../sandbox/SandboxState';
import { bucketOf } from '../sandbox/RateLimiter';
import { PortApiError, unauthorized } from './PortApiError';

const FAULT_CODES: Record<number, string> = {
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export function sendError(res: Response, error: PortApiError): void {
  res.status(error.status).json(error.toBody());
}

/** Records every Port API request (status 0 when the connection closed without one). */
export function logRequests(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const at = new Date(state.now()).toISOString();
    // Ocean logs this header on errors (port-api-notes §1.1).
    res.setHeader('x-trace-id', randomBytes(8).toString('hex'));
    state.requestLog.begin();
    let recorded = false;
    const record = (status: number) => {
      if (recorded) return;
      recorded = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      state.requestLog.add({
        method: req.method,
        path: req.path,
        query: req.query as Record<string, string | string[]>,
        status,
        durationMs: Math.round(durationMs * 1000) / 1000,
        userAgent: req.get('user-agent'),
        at,
      });
      state.log(
        `${req.method} ${req.path} ${status || 'dropped'} ${durationMs.toFixed(
          1,
        )}ms`,
      );
    };
    res.on('finish', () => record(res.statusCode));
    res.on('close', () => record(res.writableFinished ? res.statusCode : 0));
    next();
  };
}

/** Applies the first matching fault rule: latency, then a drop, an error or nothing. */
export function injectFaults(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    const decision = state.faults.match(req.method, req.path);
    if (!decision) {
      next();
      return;
    }
    const { rule } = decision;
    setTimeout(() => {
      if (rule.drop) {
        req.socket.destroy();
        return;
      }
      if (rule.status === undefined) {
        next();
        return;
      }
      if (rule.status === 429) {
        res.setHeader('retry-after', String(rule.retryAfterSeconds ?? 1));
      }
      sendError(
        res,
        new PortApiError(
          rule.status,
          FAULT_CODES[rule.status] ?? 'internal_error',
          `Injected fault: ${rule.status}`,
        ),
      );
    }, decision.latencyMs);
  };
}

/** Port's per-organisation limits with `x-ratelimit-*` headers (port-api-notes §3). */
export function limitRate(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    if (!state.rateLimiter) {
      next();
      return;
    }
    const decision = state.rateLimiter.take(bucketOf(req.path), state.now());
    for (const [name, value] of Object.entries(decision.headers))
      res.setHeader(name, value);
    if (decision.allowed) {
      next();
      return;
    }
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    sendError(
      res,
      new PortApiError(429, 'rate_limited', 'Too many requests, slow down'),
    );
  };
}

/** Every route but the token route needs `Authorization: Bearer <token>`. */
export function requireToken(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && req.path === '/v1/auth/access_token') {
      next();
      return;
    }
    const header = req.get('authorization');
    if (!header) {
      next(unauthorized('Missing Authorization header'));
      return;
    }
    const [scheme, token] = header.split(' ');
    const holder =
      scheme?.toLowerCase() === 'bearer' && token
        ? state.tokens.holderOf(token)
        : undefined;
    if (!holder) {
      next(unauthorized('The access token is invalid or has expired'));
      return;
    }
    res.locals.holder = holder;
    next();
  };
}

/** Translates every failure, including body-parser's, into Port's envelope. */
export function portErrors(state: SandboxState) {
  return (
    error: unknown,
    _req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    if (error instanceof PortApiError) {
      sendError(res, error);
      return;
    }
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      sendError(
        res,
        new PortApiError(
          413,
          'payload_too_large',
          'Request body is too large (limit is 1MiB)',
        ),
      );
      return;
    }
    if (type === 'entity.parse.failed') {
      sendError(
        res,
        new PortApiError(
          422,
          'invalid_json',
          'The request body is not valid JSON',
        ),
      );
      return;
    }
    state.log(`internal error: ${(error as Error).stack ?? String(error)}`);
    sendError(
      res,
      new PortApiError(500, 'internal_error', 'Internal error in the sandbox'),
    );
  };
}
