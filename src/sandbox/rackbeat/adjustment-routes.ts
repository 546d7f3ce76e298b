import { parseRackbeatTime } from '../../connectors/rackbeat/timestamps.js';
import type { SimRoute } from '../harness/types.js';
import type { SimAdjustment } from './adjustments.js';
import { listResponse } from './listing.js';
import { created, integerParam, mustExist, ok, type RackbeatRouteContext } from './route-kit.js';
import { asBody, FieldErrors, SimValidationError, type Body } from './validation.js';

/** Item types of the Rackbeat API 0.5.4 spec (2018): a product or a lot (bill of materials). */
const ITEM_TYPES = ['product', 'lot'];

/**
 * Inventory adjustments, as the client in src/connectors/rackbeat/adjustments.ts calls them:
 * `POST /inventory-adjustments` (the body of the Rackbeat API 0.5.4 spec (2018),
 * InventoryAdjustmentForm; 201, a draft), `POST /inventory-adjustments/{id}/book` (200; the units
 * move), `GET /inventory-movements` (206, envelope `inventory_regulations`, as
 * mikkelrask/rackbeat-tools reads it). Refused as Laravel refuses: 422 with every field's problem.
 * Booking one booked already is refused too (422): Rackbeat does not document it, and its apps
 * refuse an action on a record already past it (a shipped order cannot be deleted); a client must
 * read the state rather than trust a repeat.
 */
export function adjustmentRoutes({ state, render }: RackbeatRouteContext): SimRoute[] {
  const renderAdjustment = (adjustment: SimAdjustment) => {
    const product = state.products.get(adjustment.productNumber);
    const location = state.locations.get(adjustment.locationNumber);
    return {
      id: adjustment.id,
      reason: adjustment.reason,
      description: adjustment.description,
      is_booked: adjustment.bookedAt !== null,
      booked_at: render.time(adjustment.bookedAt),
      lines: [
        {
          id: adjustment.id,
          child_id: product?.id ?? null,
          child_type: 'product',
          location_id: adjustment.locationNumber,
          location: location ? { number: location.number, name: location.name } : null,
          quantity: adjustment.quantity,
          created_at: render.time(adjustment.createdAt),
          updated_at: render.time(adjustment.updatedAt),
        },
      ],
      regulated_at: render.time(adjustment.regulatedAt),
      created_at: render.time(adjustment.createdAt),
      updated_at: render.time(adjustment.updatedAt),
    };
  };
  const list = {
    plural: 'inventory_regulations',
    records: () => state.adjustments.all.values(),
    render: renderAdjustment,
    key: (adjustment: SimAdjustment) => adjustment.id,
    searchable: (adjustment: SimAdjustment) => [adjustment.reason, adjustment.description, adjustment.productNumber],
    times: {
      created_at: (adjustment: SimAdjustment) => adjustment.createdAt,
      updated_at: (adjustment: SimAdjustment) => adjustment.updatedAt,
      regulated_at: (adjustment: SimAdjustment) => adjustment.regulatedAt,
    },
    flags: { is_booked: (adjustment: SimAdjustment) => adjustment.bookedAt !== null },
  };
  const input = (body: Body) => {
    const errors = new FieldErrors();
    const locationNumber = errors.requiredNumber(body, 'location_number');
    if (!errors.has('location_number') && !state.locations.get(locationNumber)) errors.add('location_number', 'The selected location number is invalid.');
    const quantity = errors.requiredNumber(body, 'quantity');
    if (!errors.has('quantity') && !Number.isInteger(quantity)) errors.add('quantity', 'The quantity must be an integer.');
    else if (!errors.has('quantity') && quantity === 0) errors.add('quantity', 'The selected quantity is invalid.');
    const regulatedText = errors.requiredString(body, 'regulated_at');
    let regulatedAt = 0;
    if (regulatedText) {
      try {
        regulatedAt = parseRackbeatTime(regulatedText, state.settings.timeZone).getTime();
      } catch {
        errors.add('regulated_at', 'The regulated at does not match the format Y-m-d H:i:s.');
      }
    }
    const reason = errors.requiredString(body, 'reason');
    const itemType = errors.requiredString(body, 'item_type');
    if (itemType && !ITEM_TYPES.includes(itemType)) errors.add('item_type', 'The selected item type is invalid.');
    const productNumber = errors.requiredString(body, 'item_number');
    if (productNumber && !state.products.has(productNumber)) errors.add('item_number', 'The selected item number is invalid.');
    const description = errors.optionalString(body, 'description') ?? null;
    errors.done();
    return { locationNumber, quantity, regulatedAt, reason, productNumber, description };
  };
  return [
    { method: 'GET', pattern: '/inventory-movements', handler: (request) => listResponse(list, request.query, state.settings.timeZone) },
    {
      method: 'POST',
      pattern: '/inventory-adjustments',
      handler: (request) => created({ inventory_regulation: renderAdjustment(state.adjustments.create(input(asBody(request.body)), state.now())) }),
    },
    {
      method: 'POST',
      pattern: '/inventory-adjustments/:id/book',
      handler: (request) => {
        const adjustment = mustExist(state.adjustments.all.get(integerParam(request, 'id')));
        const product = state.requireProduct(adjustment.productNumber);
        const now = state.now();
        if (!state.adjustments.book(adjustment, product, state.locations, now)) {
          throw new SimValidationError({ id: ['The inventory adjustment has already been booked.'] });
        }
        if (state.settings.stockMovesTouchProducts) product.updatedAt = now;
        return ok({ inventory_regulation: renderAdjustment(adjustment) });
      },
    },
  ];
}
