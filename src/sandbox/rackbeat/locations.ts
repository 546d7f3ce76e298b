import type { SimProduct } from './records.js';

/**
 * Locations and the units each product has at them. A product's units lie at its locations and add
 * up to its `stock_quantity`: units not placed anywhere else lie at the default location, where
 * booked orders also reserve them.
 */
export interface SimStockLocation {
  number: number;
  name: string;
  isDefault: boolean;
}

export class SimLocations {
  readonly all: SimStockLocation[] = [
    { number: 1, name: 'Main', isDefault: true },
    { number: 2, name: 'Outlet', isDefault: false },
  ];
  /** Units placed at a location other than the default, by product number, then location. */
  private readonly placed = new Map<string, Map<number, number>>();

  get(number: number): SimStockLocation | undefined {
    return this.all.find((location) => location.number === number);
  }

  /** Test control: the product has `units` at a non-default location (moved there from the default one). */
  place(productNumber: string, locationNumber: number, units: number): void {
    const location = this.get(locationNumber);
    if (!location || location.isDefault) throw new Error(`location ${locationNumber} is not a second location of the Rackbeat simulator`);
    const rows = this.placed.get(productNumber) ?? new Map<number, number>();
    rows.set(locationNumber, units);
    this.placed.set(productNumber, rows);
  }

  /** Units come to (or, negative, leave) the product's stock at a location: placed there unless it is the default one. */
  add(product: SimProduct, locationNumber: number, units: number): void {
    const location = this.get(locationNumber);
    if (!location || location.isDefault) return;
    this.place(product.number, locationNumber, this.at(product, location).stock + units);
  }

  /** The product's units at the location: on hand, reserved by booked orders, available. */
  at(product: SimProduct, location: SimStockLocation): { stock: number; inOrder: number } {
    const rows = this.placed.get(product.number) ?? new Map<number, number>();
    if (!location.isDefault) return { stock: rows.get(location.number) ?? 0, inOrder: 0 };
    let elsewhere = 0;
    for (const units of rows.values()) elsewhere += units;
    return { stock: product.stockQuantity - elsewhere, inOrder: product.inOrderQuantity };
  }
}

