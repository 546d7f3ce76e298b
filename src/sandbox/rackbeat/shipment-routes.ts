import type { SimRoute } from '../harness/types.js';
import { listResponse } from './listing.js';
import type { SimShipment } from './records.js';
import { integerParam, mustExist, ok, type RackbeatRouteContext } from './route-kit.js';

/**
 * An order's shipments and one shipment (Rackbeat's laravel-client SDK: `GET /orders/{number}/shipments`,
 * `GET /order-shipments/{id}`), and the sandbox's hand: `POST /sandbox/orders/{number}/ship` does what a
 * warehouse person does in Rackbeat (book if need be, create a shipment, mark it shipped), so a person
 * trying the sandbox can ship an order and see it invoiced. That path is the sandbox's own, not Rackbeat's.
 * Creating and marking shipments through the API are in order-routes.ts.
 */
export function shipmentRoutes({ state, render }: RackbeatRouteContext): SimRoute[] {
  const ofOrder = (number: number) => ({
    plural: 'order_shipments',
    records: () => [...state.shipments.values()].filter((shipment) => shipment.orderNumber === number),
    render: (shipment: SimShipment) => render.shipment(shipment),
    key: (shipment: SimShipment) => shipment.id,
    searchable: (shipment: SimShipment) => [shipment.id],
    times: { created_at: (s: SimShipment) => s.createdAt, updated_at: (s: SimShipment) => s.updatedAt },
    flags: { is_shipped: (s: SimShipment) => s.shippedAt !== null },
  });
  return [
    {
      method: 'GET',
      pattern: '/orders/:number/shipments',
      handler: (request) => {
        const number = state.requireOrder(integerParam(request, 'number')).number;
        return listResponse(ofOrder(number), request.query, state.settings.timeZone);
      },
    },
    {
      method: 'GET',
      pattern: '/order-shipments/:id',
      handler: (request) => ok({ order_shipment: render.shipment(mustExist(state.shipments.get(integerParam(request, 'id')))) }),
    },
    {
      method: 'POST',
      pattern: '/sandbox/orders/:number/ship',
      handler: (request) => ok({ order: render.order(state.shipOrderByHand(integerParam(request, 'number'))) }),
    },
  ];
}
