/**
 * Locations and inventory levels: the `available` quantity of an inventory item at a location. An
 * item is stocked at a location only once it has a level there (Shopify: "activated"); setting a
 * quantity where it has none is ITEM_NOT_STOCKED_AT_LOCATION (InventorySetQuantitiesUserErrorCode).
 * Changing a level moves no product's or variant's updatedAt ([U] Shopify Admin GraphQL, products and inventory: inventory changes
 * probably do not touch product.updatedAt).
 */
export interface SimLocation {
  id: number;
  name: string;
  isActive: boolean;
}

export const PRIMARY_LOCATION_ID = 6_100_000_001;
const SECOND_LOCATION_ID = 6_100_000_002;

export class SimInventory {
  /** The shop's primary location first (what `location` without an id answers). */
  readonly locations: SimLocation[] = [
    { id: PRIMARY_LOCATION_ID, name: 'Main warehouse', isActive: true },
    { id: SECOND_LOCATION_ID, name: 'Shop floor', isActive: true },
  ];
  private readonly levels = new Map<string, { available: number; updatedAt: number }>();

  location(id: number): SimLocation | undefined {
    return this.locations.find((location) => location.id === id);
  }

  primary(): SimLocation {
    return this.locations[0] as SimLocation;
  }

  /** Stocks the item at the location (or changes what is there). */
  set(itemId: number, locationId: number, available: number, at: number): void {
    this.levels.set(key(itemId, locationId), { available, updatedAt: at });
  }

  /** Units available, or undefined when the item is not stocked at the location. */
  available(itemId: number, locationId: number): number | undefined {
    return this.levels.get(key(itemId, locationId))?.available;
  }

  updatedAt(itemId: number, locationId: number): number | undefined {
    return this.levels.get(key(itemId, locationId))?.updatedAt;
  }

  /** Units available across every location (ProductVariant.inventoryQuantity). */
  total(itemId: number): number {
    let sum = 0;
    for (const location of this.locations) sum += this.available(itemId, location.id) ?? 0;
    return sum;
  }
}

function key(itemId: number, locationId: number): string {
  return `${itemId}@${locationId}`;
}
