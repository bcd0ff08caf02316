/**
 * An error that leaves the sandbox as Port's envelope `{ ok: false, error, message }`
 * (port-api-notes §1.1). `error` is a short machine code; only `not_found` is confirmed
 * from Port, the other codes are the sandbox's own choice (README, behaviour table).
 */
export class PortApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'PortApiError';
    this.status = status;
    this.code = code;
  }

  toBody(): Record<string, unknown> {
    return { ok: false, error: this.code, message: this.message };
  }
}

export function notFound(message: string): PortApiError {
  return new PortApiError(404, 'not_found', message);
}

export function conflict(code: string, message: string): PortApiError {
  return new PortApiError(409, code, message);
}

export function invalid(
  message: string,
  code = 'invalid_request',
): PortApiError {
  return new PortApiError(422, code, message);
}

export function unauthorized(message: string): PortApiError {
  return new PortApiError(401, 'unauthorized', message);
}
