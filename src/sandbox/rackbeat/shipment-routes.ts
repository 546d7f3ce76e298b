import type { SimRoute } from '../harness/types.js';
import { listResponse } from './listing.js';
import type { SimShipment } from './records.js';
import { integerParam, mustExist, ok, type RackbeatRouteContext } from './route-kit.js';
import type { ShipmentOptions } from './state.js';
import { SimValidationError } from './validation.js';

/** The sandbox hand's body: what to ship (default everything left) and the tracking number. */
function handShipment(body: unknown): ShipmentOptions {
  if (body === undefined || body === null || body === '') return {};
  const { lines, tracking_number: trackingNumber } = body as { lines?: unknown; tracking_number?: unknown };
  if (lines !== undefined && (!Array.isArray(lines) || !lines.every((line) => Number.isInteger((line as { id?: unknown }).id) && Number.isInteger((line as { quantity?: unknown }).quantity)))) {
    throw new SimValidationError({ lines: ['The lines must be a list of {"id": <order line id>, "quantity": <units>}.'] });
  }
  if (trackingNumber !== undefined && trackingNumber !== null && typeof trackingNumber !== 'string') {
    throw new SimValidationError({ tracking_number: ['The tracking number must be a string.'] });
  }
  return {
    lines: (lines as Array<{ id: number; quantity: number }> | undefined)?.map((line) => ({ lineId: line.id, quantity: line.quantity })),
    trackingNumber: trackingNumber ?? undefined,
  };
}

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
      // Optional body `{"lines": [{"id": <order line id>, "quantity": 1}], "tracking_number": "…"}`:
      // a partial shipment, and the tracking number the sandbox models on shipments.
      method: 'POST',
      pattern: '/sandbox/orders/:number/ship',
      handler: (request) => ok({ order: render.order(state.shipOrderByHand(integerParam(request, 'number'), handShipment(request.body))) }),
    },
  ];
}
