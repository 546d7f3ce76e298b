import type { SimRoute } from '../harness/types.js';
import { listResponse } from './listing.js';
import type { SimStockLocation } from './locations.js';
import type { SimProduct } from './records.js';
import { integerParam, mustExist, ok, type RackbeatRouteContext } from './route-kit.js';

/**
 * Locations and stock per location. Paths and envelope keys as the laravel-rackbeat client uses
 * them: `GET /locations` (`locations`), `GET /products/{number}/locations` (`product_locations`),
 * `GET /products/{number}/locations/{location}` (`product_location`). The rows' fields are not
 * documented; a Rackbeat MCP describes them as "stock and available quantities per warehouse
 * location", so a row carries the product's quantity names.
 */
export function stockRoutes({ state }: RackbeatRouteContext): SimRoute[] {
  const row = (product: SimProduct, location: SimStockLocation) => {
    const { stock, inOrder } = state.locations.at(product, location);
    return {
      location: { number: location.number, name: location.name, is_default: location.isDefault, parent_id: null },
      stock_quantity: stock,
      in_order_quantity: inOrder,
      available_quantity: stock - inOrder,
    };
  };
  const product = (number: string | undefined): SimProduct => mustExist(state.products.get(number ?? ''));
  const locationList = {
    plural: 'locations',
    records: () => state.locations.all,
    render: (location: SimStockLocation) => ({ number: location.number, name: location.name, is_default: location.isDefault, parent_id: null }),
    key: (location: SimStockLocation) => location.number,
    searchable: (location: SimStockLocation) => [location.number, location.name],
    times: {},
  };
  return [
    { method: 'GET', pattern: '/locations', handler: (request) => listResponse(locationList, request.query, state.settings.timeZone) },
    {
      method: 'GET',
      pattern: '/products/:number/locations',
      handler: (request) => {
        const found = product(request.params.number);
        return ok({ product_locations: state.locations.all.map((location) => row(found, location)) });
      },
    },
    {
      method: 'GET',
      pattern: '/products/:number/locations/:location',
      handler: (request) => {
        const found = product(request.params.number);
        return ok({ product_location: row(found, mustExist(state.locations.get(integerParam(request, 'location')))) });
      },
    },
  ];
}
