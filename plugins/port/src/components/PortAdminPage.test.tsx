import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { renderWithApis } from '../__testUtils__/renderWithApis';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { portApiRef } from '../api/PortApi';
import { fakePortApi, syncStatus } from '../__testUtils__/fakePortApi';
import { PortAdminPage } from './PortAdminPage';

async function renderPage(
  api: ReturnType<typeof fakePortApi>,
  allowed: boolean,
) {
  const authorize = jest.fn(async () => ({
    result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  }));
  await renderWithApis(<PortAdminPage />, [
    [portApiRef, api],
    [permissionApiRef, mockApis.permission.mock({ authorize })],
  ]);
  return authorize;
}

describe('PortAdminPage', () => {
  it('shows "not allowed" and asks the backend nothing without port.sync.manage', async () => {
    const api = fakePortApi();
    const authorize = await renderPage(api, false);

    expect(await screen.findByText('Not allowed')).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'port.sync.manage' }),
      }),
    );
    expect(screen.queryByText('Resync now')).not.toBeInTheDocument();
    expect(api.getStatus).not.toHaveBeenCalled();
  });

  it('shows connectivity, mapping source, queue, runs and parked failures', async () => {
    const api = fakePortApi();
    api.getStatus.mockResolvedValue(syncStatus());
    await renderPage(api, true);

    const runs = await screen.findByRole('table', { name: 'Recent runs' });
    const row = within(runs).getByTestId('port-run');
    expect(row).toHaveTextContent('run-1');
    expect(row).toHaveTextContent('completed');
    expect(row).toHaveTextContent('2.5 s');
    expect(screen.getByText('connected')).toBeInTheDocument();
    expect(screen.getByText('app-config')).toBeInTheDocument();
    expect(screen.getByText(/kinds: component, api/)).toBeInTheDocument();
    expect(screen.getByText('4')).toBeInTheDocument();
    expect(
      screen.getByText(/property "lifecycle" is not one of the enum values/),
    ).toBeInTheDocument();
  });

  it('"Resync now" and "Force resync" start a resync and reload the status', async () => {
    const api = fakePortApi();
    api.getStatus.mockResolvedValue(syncStatus());
    api.resync.mockResolvedValue({ runId: 'run-2' });
    await renderPage(api, true);
    await screen.findByRole('table', { name: 'Recent runs' });
    const loads = api.getStatus.mock.calls.length;

    fireEvent.click(screen.getByRole('button', { name: 'Resync now' }));
    expect(
      await screen.findByText('Resync started: run run-2'),
    ).toBeInTheDocument();
    expect(api.resync).toHaveBeenLastCalledWith({ force: false });
    await waitFor(() =>
      expect(api.getStatus.mock.calls.length).toBeGreaterThan(loads),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Force resync' }));
    expect(
      await screen.findByText('Forced resync started: run run-2'),
    ).toBeInTheDocument();
    expect(api.resync).toHaveBeenLastCalledWith({ force: true });
  });

  it('"Retry" re-queues a parked change', async () => {
    const api = fakePortApi();
    api.getStatus.mockResolvedValue(syncStatus());
    api.retryEntity.mockResolvedValue({ requeued: 1 });
    await renderPage(api, true);

    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText(
        'component:default/flash-player: 1 change(s) queued again',
      ),
    ).toBeInTheDocument();
    expect(api.retryEntity).toHaveBeenCalledWith(
      'component:default/flash-player',
    );
  });

  it("shows the backend's reason when it refuses a resync", async () => {
    const api = fakePortApi();
    api.getStatus.mockResolvedValue(syncStatus());
    api.resync.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'ConflictError',
              message: 'A resync is already running',
            },
          }),
          {
            status: 409,
            statusText: 'Conflict',
            headers: { 'Content-Type': 'application/json' },
          },
        ) as any,
      ),
    );
    await renderPage(api, true);

    fireEvent.click(await screen.findByRole('button', { name: 'Resync now' }));
    expect(
      await screen.findByText(/A resync is already running/),
    ).toBeInTheDocument();
  });
});
