import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import express from 'express';
import request from 'supertest';
import { PortSyncStatus, PreviewResponse } from '@portsync/plugin-port-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createRouter, PortSyncAdmin } from './router';

function adminMock() {
  return {
    startResync: jest.fn<
      ReturnType<PortSyncAdmin['startResync']>,
      Parameters<PortSyncAdmin['startResync']>
    >(async () => ({ runId: 'run-1' })),
    status: jest.fn(
      async () => ({ connected: true } as unknown as PortSyncStatus),
    ),
    preview: jest.fn<
      ReturnType<PortSyncAdmin['preview']>,
      Parameters<PortSyncAdmin['preview']>
    >(async () => ({ entities: [] } as unknown as PreviewResponse)),
    entityState: jest.fn<
      ReturnType<PortSyncAdmin['entityState']>,
      Parameters<PortSyncAdmin['entityState']>
    >(),
    retryParked: jest.fn<
      ReturnType<PortSyncAdmin['retryParked']>,
      Parameters<PortSyncAdmin['retryParked']>
    >(),
  } satisfies PortSyncAdmin;
}

async function appWith(
  options: {
    admin?: PortSyncAdmin;
    entities?: Entity[];
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    permissionsEnabled?: boolean;
  } = {},
) {
  const router = await createRouter({
    admin: 'admin' in options ? options.admin : adminMock(),
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.service(),
    }),
    permissions: mockServices.permissions({
      result: options.permission ?? AuthorizeResult.ALLOW,
    }),
    auditor: mockServices.auditor.mock(),
    catalog: catalogServiceMock({ entities: options.entities }),
    permissionsEnabled: options.permissionsEnabled ?? false,
  });
  return express().use(router).use(mockErrorHandler());
}

const secretBody = '{"force": true, "token": "s3cr3t-in-body"';

describe('createRouter', () => {
  it('answers /health without credentials', async () => {
    const app = await appWith();
    const res = await request(app)
      .get('/health')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('starts a resync with the options of a JSON body and the caller as requester', async () => {
    const admin = adminMock();
    const app = await appWith({ admin });
    const res = await request(app)
      .post('/resync')
      .send({ force: true, kinds: ['Component'] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: 'run-1' });
    expect(admin.startResync).toHaveBeenCalledWith({
      force: true,
      kinds: ['Component'],
      requestedBy: `service:${mockCredentials.service().principal.subject}`,
    });
  });

  it('accepts a POST without a body', async () => {
    const admin = adminMock();
    const app = await appWith({ admin });
    expect((await request(app).post('/resync')).status).toBe(202);
    expect(admin.startResync).toHaveBeenCalledWith({
      requestedBy: expect.any(String),
    });
  });

  it.each(['/resync', '/preview'])(
    'answers 415 to a body on %s that is not JSON, and runs nothing',
    async path => {
      const admin = adminMock();
      const app = await appWith({ admin });
      const res = await request(app)
        .post(path)
        .set('content-type', 'text/plain')
        .send('{"force":true}');
      expect(res.status).toBe(415);
      expect(res.body.error.message).toBe(
        'Request body must be application/json, got text/plain',
      );
      expect(admin.startResync).not.toHaveBeenCalled();
      expect(admin.preview).not.toHaveBeenCalled();
    },
  );

  it('answers 400 to malformed JSON without echoing the body', async () => {
    const app = await appWith();
    const res = await request(app)
      .post('/resync')
      .set('content-type', 'application/json')
      .send(secretBody);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Request body is not valid JSON');
    expect(res.text).not.toContain('s3cr3t');
  });

  it('names the field of a body that does not fit', async () => {
    const app = await appWith();
    const res = await request(app).post('/resync').send({ force: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid request body: force: /);
    const unknown = await request(app).post('/resync').send({ forse: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/forse/);
  });

  it('asks for exactly one of entityRef or entity in a preview', async () => {
    const admin = adminMock();
    const app = await appWith({ admin });
    const res = await request(app).post('/preview').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid request body: give exactly one of entityRef or entity',
    );
    const ok = await request(app)
      .post('/preview')
      .send({ entityRef: 'component:default/a' });
    expect(ok.status).toBe(200);
    expect(admin.preview).toHaveBeenCalledWith({
      entityRef: 'component:default/a',
    });
  });

  it('turns a thrown ConflictError into 409', async () => {
    const admin = adminMock();
    admin.startResync.mockRejectedValue(new ConflictError('a resync runs'));
    const app = await appWith({ admin });
    const res = await request(app).post('/resync');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('a resync runs');
  });

  it('refuses users while the permission framework is off, and a denied permission', async () => {
    const app = await appWith();
    const user = await request(app)
      .get('/status')
      .set('authorization', mockCredentials.user.header());
    expect(user.status).toBe(403);
    const denied = await appWith({ permission: AuthorizeResult.DENY });
    expect((await request(denied).get('/status')).status).toBe(403);
  });

  it('lets a user with the permission in when the framework is on', async () => {
    const app = await appWith({ permissionsEnabled: true });
    const res = await request(app)
      .get('/status')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connected: true });
  });

  it("answers a user's by-ref request while the permission framework is off, and 503 when portsync is not configured", async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments', namespace: 'default' },
    };
    const admin = adminMock();
    admin.entityState.mockResolvedValue({
      entityRef: 'component:default/payments',
      state: 'queued',
      portEntities: [],
      fieldErrors: [],
      port: { connected: true },
    });
    const app = await appWith({ admin, entities: [entity] });
    const res = await request(app)
      .get(`/entities/by-ref/${encodeURIComponent('Component:payments')}`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('queued');
    expect(admin.entityState).toHaveBeenCalledWith(
      expect.objectContaining({ metadata: entity.metadata }),
    );
    const unconfigured = await appWith({
      admin: undefined,
      entities: [entity],
    });
    expect(
      (await request(unconfigured).get('/entities/by-ref/component:payments'))
        .status,
    ).toBe(503);
  });

  it('answers 503 on the admin routes when portsync is not configured', async () => {
    const app = await appWith({ admin: undefined });
    expect((await request(app).get('/status')).status).toBe(503);
    expect((await request(app).get('/health')).status).toBe(200);
  });
});
