import type { SimLocations } from './locations.js';
import type { SimProduct } from './records.js';

/** An inventory adjustment ("regulation"): units of one product into (or out of) stock at one location. */
export interface SimAdjustment {
  id: number;
  productNumber: string;
  locationNumber: number;
  quantity: number;
  reason: string;
  description: string | null;
  regulatedAt: number;
  bookedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type SimAdjustmentInput = Pick<SimAdjustment, 'productNumber' | 'locationNumber' | 'quantity' | 'reason' | 'description' | 'regulatedAt'>;

/**
 * The account's adjustments. Made as drafts; booking one moves its units: the product's stock in
 * all, and at its location (units at a second location are placed there, SimLocations).
 */
export class SimAdjustments {
  readonly all = new Map<number, SimAdjustment>();
  private nextId = 1;

  create(input: SimAdjustmentInput, now: number): SimAdjustment {
    const adjustment: SimAdjustment = { ...input, id: this.nextId++, bookedAt: null, createdAt: now, updatedAt: now };
    this.all.set(adjustment.id, adjustment);
    return adjustment;
  }

  /** Books a draft; false when it was booked already (nothing moves again). */
  book(adjustment: SimAdjustment, product: SimProduct, locations: SimLocations, now: number): boolean {
    if (adjustment.bookedAt !== null) return false;
    locations.add(product, adjustment.locationNumber, adjustment.quantity);
    product.stockQuantity += adjustment.quantity;
    adjustment.bookedAt = now;
    adjustment.updatedAt = now;
    return true;
  }
}
