import { randomBytes } from 'node:crypto';
import { BlueprintRegistry } from '../catalog/BlueprintRegistry';
import { EntityDeleter } from '../catalog/EntityDeleter';
import { EntityWriter } from '../catalog/EntityWriter';
import { IntegrationRegistry } from '../catalog/IntegrationRegistry';
import { ContractLog } from '../spec/ContractLog';
import { CatalogStore } from '../store/CatalogStore';
import { Persistence } from '../store/Persistence';
import { SandboxOptions } from '../types';
import { PropertyValidator } from '../validation/PropertyValidator';
import { FaultInjector } from './FaultInjector';
import { RateLimiter } from './RateLimiter';
import { RequestLog } from './RequestLog';
import { Role, TokenIssuer } from './TokenIssuer';

export const DEFAULT_CLIENT_ID = 'sandbox-client';
export const DEFAULT_CLIENT_SECRET = 'sandbox-secret';
/** Commonly reported lifetime of Port tokens (port-api-notes §1.2, unverified). */
export const DEFAULT_TOKEN_TTL_SECONDS = 10800;

export interface SandboxStateOptions
  extends Pick<
    SandboxOptions,
    | 'clientId'
    | 'clientSecret'
    | 'tokenTtlSeconds'
    | 'rateLimit'
    | 'faults'
    | 'logger'
    | 'contractCheck'
    | 'clock'
  > {
  persistence?: Persistence;
}

/** Everything one sandbox instance knows; the HTTP app is built over it. */
export class SandboxState {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every accepted credential set by client id; the default pair is an admin. */
  readonly credentials = new Map<
    string,
    { clientSecret: string; role: Role }
  >();
  /** Milliseconds since the epoch: tokens, timestamps, the rate limiter and the request log. */
  readonly now: () => number;
  readonly store: CatalogStore;
  readonly tokens: TokenIssuer;
  readonly faults = new FaultInjector();
  readonly requestLog = new RequestLog();
  readonly blueprints: BlueprintRegistry;
  readonly entities: EntityWriter;
  readonly deleter: EntityDeleter;
  readonly integrations: IntegrationRegistry;
  readonly log: (line: string) => void;
  /** Present when the sandbox records spec violations (`contractCheck`). */
  readonly contract: ContractLog | undefined;
  closed = false;
  rateLimiter: RateLimiter | undefined;

  constructor(options: SandboxStateOptions = {}) {
    this.clientId = options.clientId ?? DEFAULT_CLIENT_ID;
    this.clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
    this.credentials.set(this.clientId, {
      clientSecret: this.clientSecret,
      role: 'admin',
    });
    const clock = options.clock;
    this.now = clock ? () => clock.now() : Date.now;
    this.tokens = new TokenIssuer(
      options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      this.now,
    );
    this.store = new CatalogStore(options.persistence);
    const validator = new PropertyValidator();
    this.blueprints = new BlueprintRegistry(this.store, validator, this.now);
    this.entities = new EntityWriter(this.store, validator, this.now);
    this.deleter = new EntityDeleter(this.store);
    this.integrations = new IntegrationRegistry(this.store, this.now);
    this.log = options.logger ?? (() => {});
    this.contract = options.contractCheck ? new ContractLog() : undefined;
    this.setRateLimit(options.rateLimit);
    if (options.faults) this.faults.set(options.faults);
  }

  setRateLimit(rateLimit: SandboxOptions['rateLimit']): void {
    if (!rateLimit) {
      this.rateLimiter = undefined;
    } else {
      this.rateLimiter = new RateLimiter(rateLimit === true ? {} : rateLimit);
    }
  }

  /** Accepts a new random credential set with `role`, e.g. member credentials. */
  addCredentials(role: Role): { clientId: string; clientSecret: string } {
    const clientId = `${role}-${randomBytes(6).toString('hex')}`;
    const clientSecret = randomBytes(24).toString('base64url');
    this.credentials.set(clientId, { clientSecret, role });
    return { clientId, clientSecret };
  }

  /** Wipes the data and the request log; issued tokens and faults stay. */
  reset(): void {
    this.store.clear();
    this.requestLog.clear();
  }

  close(): void {
    this.closed = true;
    this.store.close();
  }
}
