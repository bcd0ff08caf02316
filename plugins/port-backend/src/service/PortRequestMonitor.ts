/** How the last request to Port went: what `/status` says about connectivity. */
export interface PortRequestState {
  /** ISO time of the last answer or failure; absent before the first request. */
  lastRequestAt?: string;
  /** Whether Port answered the last request, with anything but a 5xx or a credentials rejection. */
  ok?: boolean;
  /** The last failure, e.g. `PATCH /v1/blueprints/component: HTTP 503`; never a header or a body. */
  lastFailure?: string;
  lastFailureAt?: string;
}

/**
 * Watches every HTTP request the Port client sends (it wraps the client's
 * `fetch`), so Port's connectivity in `/status` comes from the last real
 * request, not from whether the startup once succeeded.
 */
export class PortRequestMonitor {
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  #state: PortRequestState = {};

  constructor(options: { fetch?: typeof fetch; now?: () => Date } = {}) {
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? (() => new Date());
  }

  state(): PortRequestState {
    return { ...this.#state };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const what = `${init?.method ?? 'GET'} ${pathOf(input)}`;
    try {
      const response = await this.#fetch(input, init);
      const failed =
        response.status >= 500 ||
        response.status === 401 ||
        response.status === 403;
      this.#record(failed ? `${what}: HTTP ${response.status}` : undefined);
      return response;
    } catch (error) {
      this.#record(`${what}: no response (${reasonOf(error)})`);
      throw error;
    }
  };

  #record(failure: string | undefined) {
    const at = this.#now().toISOString();
    this.#state = failure
      ? {
          lastRequestAt: at,
          ok: false,
          lastFailure: failure,
          lastFailureAt: at,
        }
      : { ...this.#state, lastRequestAt: at, ok: true };
  }
}

function pathOf(input: Parameters<typeof fetch>[0]): string {
  const url =
    typeof input === 'string' || input instanceof URL ? input : input.url;
  // The path only: the query may carry identifiers nobody needs in /status.
  return new URL(url).pathname;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'AbortError') return 'aborted or timed out';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error.message;
}
