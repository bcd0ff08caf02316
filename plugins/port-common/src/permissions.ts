import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Needed by a user to call portsync's admin API (resync, status, preview).
 * Service principals are allowed unless their access restrictions exclude it.
 *
 * @public
 */
export const portSyncManagePermission = createPermission({
  name: 'port.sync.manage',
  attributes: { action: 'update' },
});

/** @public */
export const portPermissions = [portSyncManagePermission];
