import { Sandbox, SandboxOptions } from '../types';
import { startSandbox } from '../startSandbox';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  query?: string;
  headers?: Record<string, string>;
  token?: string | null;
  rawBody?: string;
}

/**
 * A thin HTTP caller for the contract tests: real requests over the network to a
 * real sandbox, authenticated with a token fetched once per test file.
 */
export class TestApi {
  private token?: string;

  constructor(readonly sandbox: Sandbox) {}

  static async start(options?: SandboxOptions): Promise<TestApi> {
    return new TestApi(await startSandbox(options));
  }

  async accessToken(): Promise<string> {
    if (!this.token) {
      const response = await this.call(
        'POST',
        '/v1/auth/access_token',
        {
          clientId: this.sandbox.clientId,
          clientSecret: this.sandbox.clientSecret,
        },
        { token: null },
      );
      this.token = response.body.accessToken as string;
    }
    return this.token;
  }

  forgetToken(): void {
    this.token = undefined;
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {
      'user-agent': 'port-ocean/backstage/0.1.0/test-integration/exporter',
      ...options.headers,
    };
    const token =
      options.token === undefined &&
      path.startsWith('/v1/') &&
      path !== '/v1/auth/access_token'
        ? await this.accessToken()
        : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && body !== undefined)
      payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const url = `${this.sandbox.url}${path}${
      options.query ? `?${options.query}` : ''
    }`;
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: contentType.includes('json') ? JSON.parse(text) : text,
    };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.call<T>('GET', path, undefined, options);
  }

  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.call<T>('POST', path, body, options);
  }

  patch<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.call<T>('PATCH', path, body, options);
  }

  put<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.call<T>('PUT', path, body, options);
  }

  delete<T = any>(path: string, options?: RequestOptions) {
    return this.call<T>('DELETE', path, undefined, options);
  }

  /** A blueprint with a few typed properties and relations, for entity tests. */
  async createServiceBlueprints(): Promise<void> {
    await this.expectStatus(
      201,
      this.post('/v1/blueprints', {
        identifier: 'team',
        title: 'Team',
        schema: { properties: { size: { type: 'number' } }, required: [] },
      }),
    );
    await this.expectStatus(
      201,
      this.post('/v1/blueprints', {
        identifier: 'service',
        title: 'Service',
        schema: {
          properties: {
            language: { type: 'string', enum: ['go', 'ts', 'java'] },
            stars: { type: 'number' },
            url: { type: 'string', format: 'url' },
            tags: { type: 'array', items: { type: 'string' } },
            deployedAt: { type: 'string', format: 'date-time' },
          },
          required: [],
        },
        relations: {
          owner: { target: 'team', required: false, many: false },
          dependsOn: { target: 'service', required: false, many: true },
        },
      }),
    );
  }

  async expectStatus<T>(
    status: number,
    pending: Promise<ApiResponse<T>>,
  ): Promise<ApiResponse<T>> {
    const response = await pending;
    if (response.status !== status) {
      throw new Error(
        `expected ${status}, got ${response.status}: ${JSON.stringify(
          response.body,
        )}`,
      );
    }
    return response;
  }
}
