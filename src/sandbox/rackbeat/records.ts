import type { Minor } from '../../domain/money.js';

/**
 * What the Rackbeat simulator keeps in memory. Money in minor units and times in UTC
 * milliseconds (whole seconds, like Rackbeat's database); ./render.ts turns them into the wire
 * shapes with the configured timestamp format.
 */
export type VatZone = 'domestic' | 'eu' | 'abroad';

export interface SimPaymentTerms {
  number: number;
  name: string;
  days: number;
}

export interface SimProductGroup {
  number: number;
  name: string;
  /** Services (shipping, fees) have no stock to move. */
  hasInventory: boolean;
  vat: Record<VatZone, number>;
  createdAt: number;
  updatedAt: number;
}

export interface SimProduct {
  id: number;
  number: string;
  name: string;
  description: string;
  barcode: string | null;
  groupNumber: number;
  salesPrice: Minor;
  costPrice: Minor;
  stockQuantity: number;
  inOrderQuantity: number;
  isBarred: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface SimCustomer {
  number: number;
  name: string;
  companyName: string;
  email: string | null;
  phone: string | null;
  vatNumber: string | null;
  currency: string;
  vatZone: VatZone;
  street: string;
  street2: string;
  zipcode: string;
  city: string;
  country: string;
  paymentTermsNumber: number;
  createdAt: number;
  updatedAt: number;
}

export interface SimAddress {
  name: string;
  street: string;
  street2: string;
  zipcode: string;
  city: string;
  country: string;
  email: string;
  phone: string;
}

export interface SimOrderLine {
  id: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Minor;
  discountPercent: number;
}

export interface SimOrder {
  number: number;
  heading: string;
  note: string;
  customerNumber: number;
  currency: string;
  vatZone: VatZone;
  orderDate: string;
  paymentTermsNumber: number;
  billingAddress: SimAddress;
  deliveryAddress: SimAddress;
  lines: SimOrderLine[];
  bookedAt: number | null;
  shippedAt: number | null;
  invoiceId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SimShipment {
  id: number;
  orderNumber: number;
  /** What it delivers: units per order line (by the order line's id). */
  lines: Array<{ lineId: number; quantity: number }>;
  /**
   * Unconfirmed field (no Rackbeat source shows where tracking lives): the sandbox models an optional
   * `tracking_number`, null when the warehouse gave none.
   */
  trackingNumber: string | null;
  shippedAt: number | null;
  createdAt: number;
  updatedAt: number;
}
