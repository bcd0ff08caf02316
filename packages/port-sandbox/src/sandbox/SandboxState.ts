import { BlueprintRegistry } from '../catalog/BlueprintRegistry';
import { EntityDeleter } from '../catalog/EntityDeleter';
import { EntityWriter } from '../catalog/EntityWriter';
import { IntegrationRegistry } from '../catalog/IntegrationRegistry';
import { CatalogStore } from '../store/CatalogStore';
import { Persistence } from '../store/Persistence';
import { SandboxOptions } from '../types';
import { PropertyValidator } from '../validation/PropertyValidator';
import { FaultInjector } from './FaultInjector';
import { RateLimiter } from './RateLimiter';
import { RequestLog } from './RequestLog';
import { TokenIssuer } from './TokenIssuer';

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
  > {
  persistence?: Persistence;
}

/** Everything one sandbox instance knows; the HTTP app is built over it. */
export class SandboxState {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly store: CatalogStore;
  readonly tokens: TokenIssuer;
  readonly faults = new FaultInjector();
  readonly requestLog = new RequestLog();
  readonly migrations = new Map<string, Record<string, unknown>>();
  readonly blueprints: BlueprintRegistry;
  readonly entities: EntityWriter;
  readonly deleter: EntityDeleter;
  readonly integrations: IntegrationRegistry;
  readonly log: (line: string) => void;
  rateLimiter: RateLimiter | undefined;

  constructor(options: SandboxStateOptions = {}) {
    this.clientId = options.clientId ?? DEFAULT_CLIENT_ID;
    this.clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
    this.tokens = new TokenIssuer(
      options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    );
    this.store = new CatalogStore(options.persistence);
    const validator = new PropertyValidator();
    this.blueprints = new BlueprintRegistry(this.store, validator);
    this.entities = new EntityWriter(this.store, validator);
    this.deleter = new EntityDeleter(this.store);
    this.integrations = new IntegrationRegistry(this.store);
    this.log = options.logger ?? (() => {});
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

  /** Wipes the data and the request log; issued tokens and faults stay. */
  reset(): void {
    this.store.clear();
    this.requestLog.clear();
    this.migrations.clear();
  }

  close(): void {
    this.store.close();
  }
}
