import type { SimRoute } from '../harness/types.js';
import { adjustmentRoutes } from './adjustment-routes.js';
import { customerRoutes } from './customer-routes.js';
import { orderRoutes } from './order-routes.js';
import { productRoutes } from './product-routes.js';
import { shipmentRoutes } from './shipment-routes.js';
import { handle, type RackbeatRouteContext } from './route-kit.js';
import { stockRoutes } from './stock-routes.js';

/**
 * Every route of the Rackbeat simulator, paths relative to `https://app.rackbeat.com/api`; the
 * state's validation and not-found errors become 422 and 404 answers.
 */
export function rackbeatRoutes(context: RackbeatRouteContext): SimRoute[] {
  const { state } = context;
  const routes: SimRoute[] = [
    {
      // The account check: `user_account.id` and `.company_name`, as public Rackbeat clients read them.
      method: 'GET',
      pattern: '/self',
      handler: () => ({
        status: 200,
        body: {
          user_account: { id: state.account.id, company_name: state.account.companyName },
          user: { id: 1, name: 'Sandbox User', email: 'sandbox-user@example.com' },
        },
      }),
    },
    {
      // The installed apps. The envelope is a list's (206); the row shape is not documented
      // publicly, so it stays small: id and the app as { slug, name }.
      method: 'GET',
      pattern: '/user-account-plugins',
      handler: () => ({
        status: 206,
        body: {
          user_account_plugins: state.installedApps.map((app) => ({ id: app.id, plugin: { slug: app.slug, name: app.name } })),
          total: state.installedApps.length,
          pages: 1,
          limit: 20,
          page: 1,
        },
      }),
    },
    ...productRoutes(context),
    ...customerRoutes(context),
    ...orderRoutes(context),
    ...stockRoutes(context),
    ...shipmentRoutes(context),
    ...adjustmentRoutes(context),
  ];
  return routes.map((route) => ({ ...route, handler: handle(state, route.handler) }));
}
