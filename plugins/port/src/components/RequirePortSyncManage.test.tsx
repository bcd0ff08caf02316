import { mockApis } from '@backstage/frontend-test-utils';
import { renderWithApis } from '../__testUtils__/renderWithApis';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { act, screen, waitFor } from '@testing-library/react';
import { RequirePortSyncManage } from './RequirePortSyncManage';

describe('RequirePortSyncManage', () => {
  it('shows its children with port.sync.manage', async () => {
    await renderWithApis(
      <RequirePortSyncManage>
        <span>Port sync</span>
      </RequirePortSyncManage>,
      [
        [
          permissionApiRef,
          mockApis.permission.mock({
            authorize: async () => ({ result: AuthorizeResult.ALLOW }),
          }),
        ],
      ],
    );
    expect(await screen.findByText('Port sync')).toBeInTheDocument();
  });

  it('hides them without it', async () => {
    const authorize = jest.fn(async () => ({
      result: AuthorizeResult.DENY,
    }));
    await renderWithApis(
      <RequirePortSyncManage>
        <span>Port sync</span>
      </RequirePortSyncManage>,
      [[permissionApiRef, mockApis.permission.mock({ authorize })]],
    );
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'port.sync.manage' }),
        }),
      ),
    );
    // The decision has resolved: the hook re-rendered with it.
    await act(async () => {
      await authorize.mock.results[0].value;
    });
    expect(screen.queryByText('Port sync')).not.toBeInTheDocument();
  });
});
