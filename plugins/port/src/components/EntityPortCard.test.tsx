import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { portApiRef } from '../api/PortApi';
import { entityState, fakePortApi } from '../__testUtils__/fakePortApi';
import { EntityPortCard } from './EntityPortCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'Web-Player', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'team-a' },
};

async function renderCard(api = fakePortApi()) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityPortCard />
    </EntityProvider>,
    { apis: [[portApiRef, api]] },
  );
  return api;
}

describe('EntityPortCard', () => {
  it('asks for the entity by its lower-case ref and shows it pushed, with a link to each Port entity', async () => {
    const api = fakePortApi();
    api.getEntityState.mockResolvedValue(entityState());
    await renderCard(api);

    expect(await screen.findByText('Pushed')).toBeInTheDocument();
    expect(api.getEntityState).toHaveBeenCalledWith(
      'component:default/web-player',
    );
    expect(
      screen.getByText(/Port accepted every entity below\. Last pushed/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Web Player/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open in Port' })).toHaveAttribute(
      'href',
      'https://app.getport.io/componentEntity?identifier=component%3Adefault%2Fweb-player',
    );
  });

  it.each([
    [
      'not-mapped',
      entityState({
        state: 'not-mapped',
        portEntities: [],
        lastPushedAt: undefined,
      }),
      'Not mapped',
      /selector is false/,
    ],
    [
      'queued',
      entityState({ state: 'queued', lastPushedAt: undefined }),
      'Waiting in the queue',
      /portsync pushes it shortly/,
    ],
    [
      'queued after a failure',
      entityState({
        state: 'queued',
        attempts: 2,
        lastError: 'Port answered 503',
        lastPushedAt: undefined,
      }),
      'Waiting in the queue',
      /2 failed attempt\(s\); last error: Port answered 503/,
    ],
    [
      'failed',
      entityState({ state: 'failed', lastError: 'Port answered 500: boom' }),
      'Failed',
      /Port answered 500: boom — portsync retries it with backoff/,
    ],
    [
      'parked',
      entityState({
        state: 'parked',
        lastError: 'Port answered 422: bad enum',
      }),
      'Parked',
      /Port answered 422: bad enum — portsync stopped retrying/,
    ],
    [
      'port-unreachable',
      entityState({
        state: 'port-unreachable',
        port: {
          connected: false,
          lastError: 'connect ECONNREFUSED 127.0.0.1:7010',
        },
      }),
      'Port unreachable',
      /connect ECONNREFUSED 127\.0\.0\.1:7010/,
    ],
  ])('shows the %s state', async (_name, state, title, description) => {
    const api = fakePortApi();
    api.getEntityState.mockResolvedValue(state);
    await renderCard(api);

    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.getByText(description)).toBeInTheDocument();
  });

  it('lists the field errors with their failing expression', async () => {
    const api = fakePortApi();
    api.getEntityState.mockResolvedValue(
      entityState({
        fieldErrors: [
          {
            blueprint: 'component',
            field: 'properties.lifecycle',
            expression: '.spec.lifecycle | tonumber',
            message: 'Cannot parse "production" as a number',
          },
        ],
      }),
    );
    await renderCard(api);

    expect(await screen.findByText('Field errors')).toBeInTheDocument();
    expect(screen.getByText('.spec.lifecycle | tonumber')).toBeInTheDocument();
    expect(
      screen.getByText(/component\.properties\.lifecycle/),
    ).toHaveTextContent('Cannot parse "production" as a number');
  });

  it('says so when the backend does not answer', async () => {
    const api = fakePortApi();
    api.getEntityState.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'no such entity' },
          }),
          {
            status: 404,
            headers: { 'Content-Type': 'application/json' },
          },
        ) as any,
      ),
    );
    await renderCard(api);

    expect(
      await screen.findByText("Could not load portsync's state"),
    ).toBeInTheDocument();
    expect(screen.getByText(/no such entity/)).toBeInTheDocument();
  });
});
