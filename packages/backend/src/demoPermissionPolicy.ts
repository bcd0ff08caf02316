import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { portSyncManagePermission } from '@portsync/plugin-port-common';

/** The user the guest sign-in gives (`auth.providers.guest`). */
export const DEMO_ADMIN_USER = 'user:development/guest';

/**
 * The demo's permission policy: everything is allowed, except that portsync's admin API and
 * admin page (`port.sync.manage`) are for the guest user only. Any other signed-in user sees
 * the entity card but gets 403 from the admin API, which is what an adopter's policy does for
 * users outside the platform team.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, portSyncManagePermission)) {
      return user?.info.userEntityRef === DEMO_ADMIN_USER
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const demoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portsync-demo-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
