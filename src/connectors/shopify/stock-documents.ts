/**
 * The GraphQL documents that write stock (validated against Shopify's 2026-01 schema by
 * test/shopify/schema-fidelity.test.ts). A mutation field costs 10 points whatever it selects.
 *
 * inventorySetQuantities takes at most 250 quantities (input arrays are limited to 250, Shopify
 * API limits); every quantity carries `changeFromQuantity` (null: we are the source of truth and
 * skip the compare-and-swap), which 2026-01 takes in place of the deprecated compareQuantity and
 * 2026-04 demands; the `@idempotent` key (optional in 2026-01, required from 2026-04) makes a
 * resend after an unknown outcome safe.
 */
export const QUANTITIES_PER_CALL = 250;

export const SET_QUANTITIES = `
mutation SetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`;

/** Switches an inventory item to tracked stock before its level is set. */
export const TRACK_INVENTORY_ITEM = `
mutation TrackInventoryItem($id: ID!) {
  inventoryItemUpdate(id: $id, input: { tracked: true }) {
    inventoryItem { id tracked }
    userErrors { field message }
  }
}`;
