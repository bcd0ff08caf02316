import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import portPlugin from '@portsync/plugin-port';
import { signInModule } from './signInModule';

/**
 * The demo app: Backstage's catalog with portsync's card and tab on every entity page and
 * its admin page at /port, for a guest signed in through the backend's guest provider.
 */
export default createApp({
  features: [catalogPlugin, portPlugin, signInModule],
});
