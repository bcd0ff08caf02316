import { ResponseError } from '@backstage/errors';

/** A backend error's own message ("Missing permission port.sync.manage") rather than "Request failed with 403". */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    const cause = (error as ResponseError).body?.error?.message;
    if (cause) return `${error.message.trim()}: ${cause}`;
  }
  return error.message;
}
