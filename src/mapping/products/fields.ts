import type { ProductField } from '../../config/sections/products.js';
import { formatMinor, type Minor } from '../../domain/money.js';

/**
 * The product fields both legs carry, in our terms, whichever system they come from or go to.
 * Per-field rules (`products.update`) pick from these; a connector names them its own way.
 */
export interface ProductFields {
  name: string;
  /** Net of VAT. */
  salesPrice?: Minor | undefined;
  /** Net of VAT, where the source keeps one. */
  costPrice?: Minor | undefined;
  barcode?: string | undefined;
}

/** A mapping that worked, or why it did not and how to fix it (the leg fails that record alone). */
export type Mapped<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

/**
 * The fields kept in step after creation (`products.update`), with the product number: what an
 * update writes, and all that decides whether one is due. A field not listed is absent, so a change
 * to it updates nothing; `[]` keeps only the number, so nothing is ever updated.
 */
export function keptFields(number: string, fields: ProductFields, kept: readonly ProductField[]): { number: string } & Partial<ProductFields> {
  const picked: { number: string } & Partial<ProductFields> = { number };
  for (const field of kept) {
    if (fields[field] !== undefined) Object.assign(picked, { [field]: fields[field] });
  }
  return picked;
}

/** A sales price a product can carry: not negative. */
export function negativePrice(what: string, price: Minor, where: string): { message: string; hint: string } | undefined {
  return price < 0 ? { message: `${what} has a negative price (${formatMinor(price)})`, hint: `set a price of 0 or more in ${where}` } : undefined;
}
