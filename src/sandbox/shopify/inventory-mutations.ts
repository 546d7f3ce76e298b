import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { IDEMPOTENCY_REQUIRED_FROM, requiredIdempotencyKey } from './idempotency.js';
import { renderInventoryItem } from './product-resolvers.js';
import { gidNumber, iso } from './render-kit.js';
import type { ResolverContext } from './resolver-context.js';
import type { ShopifySimState } from './state.js';

/**
 * `inventorySetQuantities` and `inventoryItemUpdate` (Admin API 2026-01). Setting quantities:
 * - name `available` or `on_hand`; a reason from Shopify's list; a referenceDocumentUri that is a URI;
 * - per quantity: the item and location exist, the item is stocked there, 0 ≤ quantity ≤ 1e9, each
 *   (item, location) once; the compare-and-swap: `changeFromQuantity` given (null skips the check)
 *   must equal the current quantity, else CHANGE_FROM_QUANTITY_STALE; not given, 2026-01 falls back
 *   to the deprecated `compareQuantity` (COMPARE_QUANTITY_REQUIRED unless ignoreCompareQuantity),
 *   2026-04 refuses it (changelog "Finalizing compare-and-swap redesign");
 * - `@idempotent(key:)`: optional in 2026-01, required from 2026-04; a key seen with the same input
 *   answers the first result, with another input IDEMPOTENCY_KEY_PARAMETER_MISMATCH, after a failed
 *   attempt IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED (InventorySetQuantitiesUserErrorCode).
 * Any user error and nothing is applied ([U] Shopify applies the call as a whole or not at all).
 */
export const INVENTORY_REASONS = [
  'correction', 'cycle_count_available', 'damaged', 'movement_created', 'movement_updated', 'movement_received',
  'movement_canceled', 'other', 'promotion', 'quality_control', 'received', 'reservation_created',
  'reservation_deleted', 'reservation_updated', 'restock', 'safety_stock', 'shrinkage',
];
const MAX_QUANTITY = 1_000_000_000;
/** The compare-and-swap redesign is final in the version that makes idempotency keys required. */
const FINAL_CAS_VERSION = IDEMPOTENCY_REQUIRED_FROM;

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
  changeFromQuantity?: number | null;
}

interface SetQuantitiesInput {
  reason: string;
  name: string;
  referenceDocumentUri?: string | null;
  quantities: QuantityInput[];
  ignoreCompareQuantity?: boolean;
}

interface UserError {
  code: string;
  field: string[];
  message: string;
}

interface Change {
  itemId: number;
  locationId: number;
  name: string;
  delta: number;
  after: number;
}

export function inventoryMutations(state: ShopifySimState) {
  let groups = 0;

  function validate(input: SetQuantitiesInput, apiVersion: string): { errors: UserError[]; changes: Change[] } {
    const errors: UserError[] = [];
    if (input.name !== 'available' && input.name !== 'on_hand') {
      errors.push({ code: 'INVALID_NAME', field: ['input', 'name'], message: "The quantity name must be either 'available' or 'on_hand'." });
    }
    if (!INVENTORY_REASONS.includes(input.reason)) errors.push({ code: 'INVALID_REASON', field: ['input', 'reason'], message: 'The specified reason is invalid.' });
    const uri = input.referenceDocumentUri;
    if (uri != null && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(uri)) {
      errors.push({ code: 'INVALID_REFERENCE_DOCUMENT', field: ['input', 'referenceDocumentUri'], message: 'The specified reference document is invalid.' });
    }
    const seen = new Set<string>();
    const changes: Change[] = [];
    for (const [index, quantity] of input.quantities.entries()) {
      const field = (name: string) => ['input', 'quantities', String(index), name];
      const fail = (code: string, name: string, message: string) => errors.push({ code, field: field(name), message });
      const itemId = gidNumber(quantity.inventoryItemId, 'InventoryItem');
      const locationId = gidNumber(quantity.locationId, 'Location');
      if (!state.variantsByItem.has(itemId)) {
        fail('INVALID_INVENTORY_ITEM', 'inventoryItemId', 'The specified inventory item could not be found.');
        continue;
      }
      if (!state.inventory.location(locationId)) {
        fail('INVALID_LOCATION', 'locationId', 'The specified location could not be found.');
        continue;
      }
      const current = state.inventory.available(itemId, locationId);
      if (current === undefined) {
        fail('ITEM_NOT_STOCKED_AT_LOCATION', 'locationId', 'The specified inventory item is not stocked at the location.');
        continue;
      }
      if (seen.has(`${itemId}@${locationId}`)) {
        fail('NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR', 'inventoryItemId', 'The combination of inventoryItemId and locationId must be unique.');
        continue;
      }
      seen.add(`${itemId}@${locationId}`);
      if (quantity.quantity < 0) fail('INVALID_QUANTITY_NEGATIVE', 'quantity', "The quantity can't be negative.");
      else if (quantity.quantity > MAX_QUANTITY) fail('INVALID_QUANTITY_TOO_HIGH', 'quantity', "The total quantity can't be higher than 1,000,000,000.");
      if ('changeFromQuantity' in quantity) {
        if (quantity.changeFromQuantity !== null && quantity.changeFromQuantity !== current) {
          fail('CHANGE_FROM_QUANTITY_STALE', 'changeFromQuantity', 'The changeFromQuantity value does not match persisted value.');
        }
      } else if (apiVersion >= FINAL_CAS_VERSION) {
        // [U] wording: from 2026-04 every quantity must carry changeFromQuantity (null to skip the check).
        throw new GraphQLError(`InventoryQuantityInput.changeFromQuantity is required (pass null to skip the compare-and-swap check).`, { extensions: { code: 'BAD_REQUEST' } });
      } else if (!input.ignoreCompareQuantity) {
        if (quantity.compareQuantity == null) {
          fail('COMPARE_QUANTITY_REQUIRED', 'compareQuantity', 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.');
        } else if (quantity.compareQuantity !== current) {
          fail('COMPARE_QUANTITY_STALE', 'compareQuantity', 'The compareQuantity value does not match persisted value.');
        }
      }
      changes.push({ itemId, locationId, name: input.name, delta: quantity.quantity - current, after: quantity.quantity });
    }
    return { errors, changes };
  }

  function apply(input: SetQuantitiesInput, changes: Change[]) {
    const at = Math.floor(state.now() / 1000) * 1000;
    for (const change of changes) state.inventory.set(change.itemId, change.locationId, change.after, at);
    groups += 1;
    // Setting `available` moves `on_hand` by as much (nothing is committed here), and the reverse.
    const reported = changes.flatMap((change) => [change, { ...change, name: change.name === 'available' ? 'on_hand' : 'available' }]);
    return {
      id: `gid://shopify/InventoryAdjustmentGroup/${9_700_000_000 + groups}`,
      createdAt: iso(at),
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri ?? null,
      changes: (args: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
        reported
          .filter((change) => !args.quantityNames || args.quantityNames.includes(change.name))
          .filter((change) => !args.inventoryItemIds || args.inventoryItemIds.includes(`gid://shopify/InventoryItem/${change.itemId}`))
          .filter((change) => !args.locationIds || args.locationIds.includes(`gid://shopify/Location/${change.locationId}`))
          .map((change) => ({ name: change.name, delta: change.delta, quantityAfterChange: change.after })),
    };
  }

  return {
    inventorySetQuantities: ({ input }: { input: SetQuantitiesInput }, context: ResolverContext, info: GraphQLResolveInfo) => {
      const key = requiredIdempotencyKey(info, context);
      const params = JSON.stringify(input);
      const earlier = key === undefined ? undefined : state.idempotency.get(key);
      if (earlier) {
        if (earlier.params !== params) {
          return failed([{ code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH', field: [], message: 'The same idempotency key cannot be used with different operation parameters.' }]);
        }
        if (earlier.result === undefined) {
          return failed([{ code: 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED', field: [], message: 'A previous request with this idempotency key failed. Retry with a new idempotency key.' }]);
        }
        return { inventoryAdjustmentGroup: earlier.result, userErrors: [] };
      }
      const { errors, changes } = validate(input, context.apiVersion);
      if (errors.length > 0) {
        if (key !== undefined) state.idempotency.set(key, { params, result: undefined });
        return failed(errors);
      }
      const group = apply(input, changes);
      if (key !== undefined) state.idempotency.set(key, { params, result: group });
      return { inventoryAdjustmentGroup: group, userErrors: [] };
    },

    inventoryItemUpdate: ({ id, input }: { id: string; input: { tracked?: boolean | null; cost?: string | null; sku?: string | null } }) => {
      const variant = state.variantsByItem.get(gidNumber(id, 'InventoryItem'));
      // [U] wording of Shopify's refusal of an unknown item.
      if (!variant) return { inventoryItem: null, userErrors: [{ field: ['id'], message: 'Inventory item does not exist' }] };
      const item = variant.inventoryItem;
      if (input.tracked != null) item.tracked = input.tracked;
      item.updatedAt = Math.max(Math.floor(state.now() / 1000) * 1000, item.updatedAt);
      return { inventoryItem: renderInventoryItem(state, item), userErrors: [] };
    },
  };
}

function failed(userErrors: UserError[]) {
  return { inventoryAdjustmentGroup: null, userErrors };
}
