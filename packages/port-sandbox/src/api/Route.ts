import { IncomingHttpHeaders } from 'node:http';
import { Actor } from '../catalog/Actor';
import { SandboxState } from '../sandbox/SandboxState';
import { TokenHolder } from '../sandbox/TokenIssuer';

export type Query = Record<string, string | string[] | undefined>;

export interface RouteContext {
  state: SandboxState;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  headers: IncomingHttpHeaders;
  actor: Actor;
  /** The caller's credentials (absent on the token route). */
  holder?: TokenHolder;
}

export interface RouteResponse {
  status?: number;
  body: unknown;
}

/** One emulated Port operation; the app registers the table in order. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  handler: (context: RouteContext) => RouteResponse;
}
