/** One request as the fake `fetch` saw it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: any;
}

/** What the script answers: a response, a thrown network error, or a hang until aborted. */
export type ScriptStep =
  | {
      status: number;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    }
  | { networkError: string; code?: string }
  | { hang: true };

export type Script = (request: RecordedRequest, index: number) => ScriptStep;

/**
 * A `fetch` that answers from a script and records every request, so a test can assert on
 * the whole request log. Token requests are answered by `tokenResponse` unless the script
 * handles `/v1/auth/access_token` itself.
 */
export function scriptedFetch(script: Script) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (
    input: string | URL | Request,
    init?: RequestInit,
  ) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const step = script(request, requests.length - 1);
    if ('hang' in step) {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () =>
          reject(signal.reason ?? new Error('aborted')),
        );
      });
    }
    if ('networkError' in step) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error(step.networkError), { code: step.code }),
      });
    }
    const text =
      step.raw ?? (step.body === undefined ? '' : JSON.stringify(step.body));
    return new Response(text, {
      status: step.status,
      headers: { 'content-type': 'application/json', ...step.headers },
    });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

export const TOKEN = 'token-abc123';

/** Answers token requests with a fresh numbered token, everything else from `script`. */
export function withTokens(script: Script, expiresIn = 3600): Script {
  let issued = 0;
  return (request, index) => {
    if (request.url.pathname === '/v1/auth/access_token') {
      issued += 1;
      return {
        status: 200,
        body: {
          ok: true,
          accessToken: `${TOKEN}-${issued}`,
          expiresIn,
          tokenType: 'Bearer',
        },
      };
    }
    return script(request, index);
  };
}

/**
 * A clock that moves only when the client sleeps, so backoffs and rate-limit waits take no
 * real time; `waits` records every sleep the client asked for.
 */
export function virtualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      waits.push(ms);
      now += ms;
    },
  };
}
