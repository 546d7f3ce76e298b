import { CATALOGUE_CUSTOMERS, CATALOGUE_PRODUCTS, DOMESTIC_VAT_PERCENT, SERVICE_PRODUCTS } from '../catalogue.js';
import type { Minor } from '../../domain/money.js';
import type { RackbeatSimState } from './state.js';
import { vatZoneForCountry } from '../../domain/vat-zones.js';

/** The catalogue's product groups, plus one without stock for shipping, discount and fee lines. */
export const SEED_GROUPS = [
  { number: 1, name: 'Clothing', hasInventory: true },
  { number: 2, name: 'Accessories', hasInventory: true },
  { number: 3, name: 'Services', hasInventory: false },
] as const;

export const SERVICE_GROUP_NUMBER = 3;

export const SEED_PAYMENT_TERMS = [
  { number: 1, name: 'Netto 8 dage', days: 8 },
  { number: 2, name: 'Netto 30 dage', days: 30 },
  { number: 3, name: 'Løbende måned + 30 dage', days: 30 },
] as const;

/**
 * Seeds the account deterministically from src/sandbox/catalogue.ts: groups, payment terms, every
 * catalogue product (with its stock) and service product, and the customers already known to the
 * back office (`existsInBackOffice`), numbered from 1001 in catalogue order.
 */
export function seedRackbeat(state: RackbeatSimState): void {
  for (const terms of SEED_PAYMENT_TERMS) state.paymentTerms.set(terms.number, { ...terms });
  for (const group of SEED_GROUPS) {
    state.createProductGroup({ ...group, vat: { domestic: DOMESTIC_VAT_PERCENT, eu: 0, abroad: 0 } });
  }
  for (const product of CATALOGUE_PRODUCTS) {
    state.createProduct({
      number: product.sku,
      name: product.name,
      description: '',
      barcode: null,
      groupNumber: product.groupNumber,
      salesPrice: product.netPrice,
      costPrice: product.costPrice,
      stockQuantity: product.stock,
      isBarred: false,
    });
  }
  for (const service of Object.values(SERVICE_PRODUCTS)) {
    state.createProduct({
      number: service.sku,
      name: service.name,
      description: '',
      barcode: null,
      groupNumber: SERVICE_GROUP_NUMBER,
      salesPrice: service.netPrice,
      costPrice: 0 as Minor,
      stockQuantity: 0,
      isBarred: false,
    });
  }
  for (const customer of CATALOGUE_CUSTOMERS.filter((c) => c.existsInBackOffice)) {
    state.createCustomer({
      name: customer.name,
      companyName: customer.company ?? customer.name,
      email: customer.email,
      phone: null,
      vatNumber: null,
      currency: 'DKK',
      vatZone: vatZoneForCountry(customer.country),
      street: customer.address,
      street2: '',
      zipcode: customer.postcode,
      city: customer.city,
      country: customer.country,
      paymentTermsNumber: 1,
    });
  }
}
