import { usePermission } from '@backstage/plugin-permission-react';
import { portSyncManagePermission } from '@portsync/plugin-port-common';
import { ReactNode } from 'react';

/**
 * Renders its children only for a user with the `port.sync.manage` permission (nothing while the
 * decision loads): wrap the admin page's sidebar item with it in an app's nav.
 *
 * @public
 */
export function RequirePortSyncManage(props: { children: ReactNode }) {
  const { loading, allowed } = usePermission({
    permission: portSyncManagePermission,
  });
  return !loading && allowed ? <>{props.children}</> : null;
}
