import { RequirePermission } from '@backstage/plugin-permission-react';
import { portSyncManagePermission } from '@portsync/plugin-port-common';
import { ReactNode } from 'react';

/**
 * Renders its children only for a user with the `port.sync.manage` permission: wrap the admin
 * page's sidebar item with it in an app's nav.
 *
 * @public
 */
export function RequirePortSyncManage(props: { children: ReactNode }) {
  return (
    <RequirePermission
      permission={portSyncManagePermission}
      errorPage={<></>}
    >
      {props.children}
    </RequirePermission>
  );
}
