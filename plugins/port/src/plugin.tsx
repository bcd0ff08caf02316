import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  OverridableFrontendPlugin,
  PageBlueprint,
  RouteRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import SyncIcon from '@material-ui/icons/Sync';
import { portApiRef } from './api/PortApi';
import { PortClient } from './api/PortClient';

/** The admin page's route. @public */
export const portAdminRouteRef = createRouteRef();

const portSyncApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: portApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PortClient({ discoveryApi, fetchApi }),
    }),
});

const portEntityCard = EntityCardBlueprint.make({
  name: 'port',
  params: {
    loader: () =>
      import('./components/EntityPortCard').then(m => <m.EntityPortCard />),
  },
});

const portEntityContent = EntityContentBlueprint.make({
  name: 'port',
  params: {
    path: '/port',
    title: 'Port',
    loader: () =>
      import('./components/EntityPortCard').then(m => <m.EntityPortCard />),
  },
});

const portAdminPage = PageBlueprint.make({
  params: {
    path: '/port',
    title: 'Port sync',
    // the app's sidebar lists only pages that have an icon
    icon: <SyncIcon fontSize="inherit" />,
    routeRef: portAdminRouteRef,
    loader: () =>
      import('./components/PortAdminPage').then(m => <m.PortAdminPage />),
  },
});

/**
 * portsync's frontend plugin: the "Port" card and tab on every entity page, and the admin page at
 * `/port` (which needs the `port.sync.manage` permission).
 *
 * @public
 */
// Annotated: the inferred type names the filter-predicates copy nested under frontend-plugin-api,
// which a declaration file cannot reference.
const portPlugin: OverridableFrontendPlugin<{ admin: RouteRef<undefined> }> =
  createFrontendPlugin({
    pluginId: 'port',
    info: { packageJson: () => import('../package.json') },
    routes: { admin: portAdminRouteRef },
    extensions: [portSyncApi, portEntityCard, portEntityContent, portAdminPage],
  });

export default portPlugin;
