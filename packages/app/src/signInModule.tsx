import { ProxiedSignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Signs every visitor in as the backend's guest user (`auth.providers.guest`) without a click:
 * the proxied sign-in page asks the guest provider's refresh endpoint for a session at once,
 * where the ordinary sign-in page shows a button on the first visit. The demo's permission
 * policy gives that user `port.sync.manage`.
 */
const guestSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <ProxiedSignInPage {...props} provider="guest" />,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [guestSignInPage],
});
