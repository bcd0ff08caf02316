import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** portsync: keeps Port's software catalog in step with the Backstage catalog. */
  port?: {
    /**
     * Port's API. `https://api.getport.io` (EU, the default) or `https://api.us.getport.io` (US).
     */
    baseUrl?: string;
    /**
     * Port's web app, for links from Backstage to an entity's page in Port
     * (`<appUrl>/<blueprint>Entity?identifier=<identifier>`). `https://app.getport.io` (EU, the default) or
     * `https://app.us.getport.io` (US).
     */
    appUrl?: string;
    /** The Port client id (Port: Builder → Credentials). */
    clientId: string;
    /**
     * The Port client secret.
     * @visibility secret
     */
    clientSecret: string;
    /**
     * Overrides the User-Agent sent to Port. By default it is Ocean's shape,
     * `port-ocean/backstage/<version>/<integration identifier>/exporter`, from which Port attributes
     * entities to the integration.
     */
    userAgent?: string;

    integration?: {
      /** The integration's identifier in Port. Default `backstage`. */
      identifier?: string;
      /** The integration type reported to Port. Default `backstage`. */
      type?: string;
    };

    /** Create the default blueprints that are missing and register the integration at startup. Default true. */
    initializePortResources?: boolean;
    /** Send up to 5 raw entities per kind per resync to Port (for its mapping playground). Default true. */
    sendRawDataExamples?: boolean;
    /**
     * At most this many Port entities deleted by one resync (or refs by one change scan); with more,
     * nothing is deleted and the run says why in /status and Port's resync state. A stricter guard on
     * top of the mapping's `entityDeletionThreshold` (Port's default 0.9 lets one run delete 90% of
     * the catalog). Default: no cap.
     */
    maxDeletionsPerRun?: number;

    /** Full resyncs. */
    resync?: {
      /** When full resyncs run. Absent: only on demand (admin API). */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /** The change scan: compares the catalog's refs and etags with what was pushed. */
    changeScan?: {
      /** How often the scan runs. Default 30 seconds. */
      frequency?: HumanDuration | string;
      /** Longest a scan may run. Default 5 minutes. */
      timeout?: HumanDuration | string;
    };

    /** The live path: pushing queued changes. */
    changes?: {
      /** How often queued changes (and retries) are pushed when no hint arrives. Default 10 seconds. */
      frequency?: HumanDuration | string;
      /**
       * First look at the catalog after a change hint: the hint fires before the catalog stitches the entity, so
       * the change is pushed once its stitched etag differs from the one last pushed, checked again every 250 ms
       * for up to 30 s. Default 250 milliseconds.
       */
      hintDelay?: HumanDuration | string;
      /** Attempts before a failing change is parked. Default 10. */
      maxAttempts?: number;
      /** Wait before a failed change is tried again; it doubles with each failure, up to an hour. Default 5 seconds. */
      retryDelay?: HumanDuration | string;
    };

    /** Port client tuning. */
    client?: {
      /** Per-request timeout. Default 60 seconds. */
      timeout?: HumanDuration | string;
      /** Requests in flight at once. Default 16. */
      concurrency?: number;
      /** Retries of a failed request. Default 10. */
      maxRetries?: number;
    };

    /**
     * Every key under `port` is checked at startup: an unknown or misspelt key stops the backend with its full path.
     *
     * The mapping, in Port's own format (as in Port's docs and the Ocean Backstage integration).
     * Absent: portsync's default mapping for every Backstage kind.
     */
    mapping?: {
      /**
       * Where the mapping comes from: `app-config` (this block; written to the integration's config in Port so
       * Port's UI shows it) or `port` (the integration's config in Port, polled). Default `app-config`.
       */
      source?: 'app-config' | 'port';
      /** How often a mapping kept in Port is re-read. Default 60 seconds. */
      pollInterval?: HumanDuration | string;
      /** A built-in mapping to use instead of `resources`: `default` or `ocean-compatible`. */
      preset?: 'default' | 'ocean-compatible';
      /** Expression language of the mapping: `jq` (default) or `jsonata`. */
      language?: 'jq' | 'jsonata';
      /** Let jq expressions read environment variables through `env` / `$ENV`. Default false. */
      allowEnvironmentVariablesJqAccess?: boolean;
      /**
       * Limits of the worker thread that evaluates mappings portsync does not trust (kept in Port with
       * `source: port`, or sent to `/api/port/preview`). Past either, the worker is stopped and the field being
       * evaluated gets an error; the run goes on. The jq engine's own deadline is half of `timeout`. Set here only:
       * the same keys in a mapping kept in Port are ignored.
       */
      isolation?: {
        /** Longest the worker may spend mapping one entity. Default 2 seconds. */
        timeout?: HumanDuration | string;
        /** The worker's heap limit in MB. Default 128. */
        maxHeapMb?: number;
      };
      createMissingRelatedEntities?: boolean;
      deleteDependentEntities?: boolean;
      enableMergeEntity?: boolean;
      /** Stale entities are deleted only if stale / owned is at most this. Default 0.9. */
      entityDeletionThreshold?: number;
      /** Port's `resources` list: `kind`, `selector.query`, `port.entity.mappings`, `port.itemsToParse`. */
      resources?: Array<{
        kind: string;
        language?: 'jq' | 'jsonata';
        selector?: {
          query?: string;
          /** Ocean's key for Port's server-side processing; accepted and unused. */
          exportEnvVariables?: any;
        };
        port: {
          itemsToParse?: string;
          itemsToParseName?: string;
          /** Merge each item into its parent without the listed path (Ocean's default). Default true. */
          itemsToParseTopLevelTransform?: boolean;
          entity: {
            mappings: any;
          };
        };
      }>;
    };

    /** Resync requests filed in Port's UI. */
    resyncRequests?: {
      /** How often Port is asked for a new resync request. Default 60 seconds. */
      pollInterval?: HumanDuration | string;
    };
  };
}
