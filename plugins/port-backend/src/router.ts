import {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  EntitySyncState,
  PortSyncStatus,
  PreviewResponse,
  RetryResponse,
  portSyncManagePermission,
} from '@portsync/plugin-port-common';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './errors';

/**
 * Largest caller mapping `/preview` takes, serialized. A real mapping is a few kB; the bound keeps one request from
 * holding a worker busy compiling megabytes of expressions.
 */
export const MAX_PREVIEW_MAPPING_BYTES = 256 * 1024;

/** What the admin API asks of the running sync. */
export interface PortSyncAdmin {
  /** Starts a full resync in the background; throws `ConflictError` while one runs. */
  startResync(options: {
    force?: boolean;
    kinds?: string[];
    requestedBy?: string;
  }): Promise<{ runId: string }>;
  status(): Promise<PortSyncStatus>;
  preview(request: {
    entityRef?: string;
    entity?: Entity;
    mapping?: unknown;
  }): Promise<PreviewResponse>;
  /** The sync state of a catalog entity the caller may read. */
  entityState(entity: Entity): Promise<EntitySyncState>;
  /** Makes the ref's parked queue items due now and starts a drain; returns how many. */
  retryParked(entityRef: string): Promise<number>;
}

export interface RouterOptions {
  /** Absent when portsync is not configured: the admin routes answer 503. */
  admin: PortSyncAdmin | undefined;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Read with the caller's credentials, so that the per-entity state shows only entities the caller may read. */
  catalog: CatalogService;
  /** Whether Backstage's permission framework is on (`permission.enabled`). */
  permissionsEnabled: boolean;
}

const resyncBody = z
  .object({
    force: z.boolean().optional(),
    kinds: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

const previewBody = z
  .object({
    entityRef: z.string().min(1).optional(),
    entity: z
      .object({
        apiVersion: z.string(),
        kind: z.string(),
        metadata: z.object({ name: z.string() }).passthrough(),
      })
      .passthrough()
      .optional(),
    mapping: z.unknown().optional(),
  })
  .strict()
  .refine(
    body => (body.entityRef === undefined) !== (body.entity === undefined),
    {
      message: 'give exactly one of entityRef or entity',
    },
  );

/** The `:ref` of a by-ref route, normalized as the engine keys its state. */
function refParam(raw: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(raw));
  } catch (error) {
    throw new InputError(
      `Invalid entity ref '${raw}': ${(error as Error).message}`,
    );
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`Invalid request body: ${where}${issue.message}`);
  }
  return result.data;
}

/**
 * The POST routes take JSON only. Any other body would be ignored by the JSON parser and the route would run with
 * its defaults (a `text/plain` `{"force":true}` started a non-forced resync), so it is refused. A request without a
 * body is fine: every field is optional.
 */
const requireJson: express.RequestHandler = (req, _res, next) => {
  const empty = req.headers['content-length'] === '0';
  if (!empty && req.is('application/json') === false) {
    throw new UnsupportedMediaTypeError(
      `Request body must be application/json, got ${
        req.headers['content-type'] ?? 'no content type'
      }`,
    );
  }
  next();
};

/** The parser's errors quote the body; a malformed body is reported without it, as it may hold a secret. */
function bodyError(error: unknown): unknown {
  const type = (error as { type?: string }).type;
  return type === 'entity.parse.failed'
    ? new InputError('Request body is not valid JSON')
    : error;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auth, httpAuth, permissions, auditor, catalog, permissionsEnabled } =
    options;
  const configured = (): PortSyncAdmin => {
    if (!options.admin) {
      throw new ServiceUnavailableError(
        'portsync is not configured: add a `port` block to app-config',
      );
    }
    return options.admin;
  };
  const router = Router();
  const json = express.json({ limit: '2mb' });
  router.use((req, res, next) =>
    json(req, res, error => next(error && bodyError(error))),
  );

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // What the entity card reads: open to every signed-in user and service, not only admins, but through the catalog
  // with the caller's own credentials, so an entity the caller may not read is as absent as an unknown one.
  router.get('/entities/by-ref/:ref', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = refParam(req.params.ref);
    const admin = configured();
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    const state: EntitySyncState = await admin.entityState(entity);
    res.json(state);
  });

  // Everything else is the admin API: services (other plugins, external access
  // tokens) may call it; users only through the permission, and only when the
  // permission framework is on, since without it every user would be allowed.
  router.use(async (req, res, next) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (auth.isPrincipal(credentials, 'user') && !permissionsEnabled) {
      throw new NotAllowedError(
        'The portsync admin API is open to users only through the port.sync.manage permission, and the permission framework is off',
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission: portSyncManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Missing permission port.sync.manage');
    }
    res.locals.principal = auth.isPrincipal(credentials, 'user')
      ? credentials.principal.userEntityRef
      : auth.isPrincipal(credentials, 'service') &&
        `service:${credentials.principal.subject}`;
    next();
  });

  router.post('/resync', requireJson, async (req, res) => {
    const body = parseBody(resyncBody, req.body);
    const audit = await auditor.createEvent({
      eventId: 'resync',
      severityLevel: 'medium',
      request: req,
      meta: { force: body.force ?? false, kinds: body.kinds ?? 'all' },
    });
    try {
      const { runId } = await configured().startResync({
        ...body,
        requestedBy: res.locals.principal,
      });
      await audit.success({ meta: { runId } });
      res.status(202).json({ runId });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/status', async (_req, res) => {
    res.json(await configured().status());
  });

  router.post('/preview', requireJson, async (req, res) => {
    const body = parseBody(previewBody, req.body);
    if (body.mapping !== undefined) {
      const size = Buffer.byteLength(JSON.stringify(body.mapping));
      if (size > MAX_PREVIEW_MAPPING_BYTES) {
        throw new PayloadTooLargeError(
          `The preview's mapping is ${size} bytes serialized; at most ${MAX_PREVIEW_MAPPING_BYTES} are accepted`,
        );
      }
    }
    res.json(
      await configured().preview(
        body as Parameters<PortSyncAdmin['preview']>[0],
      ),
    );
  });

  router.post('/entities/by-ref/:ref/retry', requireJson, async (req, res) => {
    parseBody(z.object({}).strict(), req.body);
    const ref = refParam(req.params.ref);
    const audit = await auditor.createEvent({
      eventId: 'retry',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: ref },
    });
    try {
      const requeued = await configured().retryParked(ref);
      if (requeued === 0) {
        throw new NotFoundError(`Nothing is parked for ${ref}`);
      }
      await audit.success({ meta: { requeued } });
      const body: RetryResponse = { requeued };
      res.status(202).json(body);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
