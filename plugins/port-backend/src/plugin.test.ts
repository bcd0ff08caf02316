import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { portPlugin } from './plugin';

describe('portPlugin', () => {
  it('answers /health without credentials', async () => {
    const { server } = await startTestBackend({ features: [portPlugin] });
    const res = await request(server).get('/api/port/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
