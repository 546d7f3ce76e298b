import { minorToNumber } from '../../domain/money.js';
import { CATALOGUE_CUSTOMERS, CATALOGUE_PRODUCTS, REFUND_PRODUCT, SERVICE_PRODUCTS } from '../catalogue.js';
import { vatZoneForCountry } from '../../domain/vat-zones.js';
import type {
  EconomicCustomerGroup,
  EconomicLayout,
  EconomicPaymentTerms,
  EconomicUnit,
  EconomicVatZone,
} from '../../connectors/economic/types.js';

/**
 * A Danish agreement as a new e-conomic account looks after setup: the lookups the order flow
 * points at, and the shared catalogue's products and returning customers, so the demo runs end to
 * end. Stored records carry no `self`: links are added when a record is rendered.
 */
export const AGREEMENT = {
  agreementNumber: 900001,
  company: { name: 'Sandbox Shop ApS', country: 'Denmark', companyIdentificationNumber: '12345678' },
  settings: { baseCurrency: 'DKK' },
} as const;

export const LAYOUTS: EconomicLayout[] = [
  { layoutNumber: 19, name: 'Standard' },
  { layoutNumber: 21, name: 'Standard English' },
];

export const PAYMENT_TERMS: EconomicPaymentTerms[] = [
  { paymentTermsNumber: 1, name: 'Netto 8 dage', daysOfCredit: 8, paymentTermsType: 'net' },
  { paymentTermsNumber: 2, name: 'Løbende måned 30 dage', daysOfCredit: 30, paymentTermsType: 'invoiceMonth' },
  { paymentTermsNumber: 3, name: 'Kreditkort', daysOfCredit: 0, paymentTermsType: 'creditcard' },
  { paymentTermsNumber: 4, name: 'Forfaldsdato', paymentTermsType: 'dueDate' },
];

/**
 * VAT zones: e-conomic documents only 1 = Domestic (e-conomic REST docs, "VAT zones"); the other
 * numbers are the usual Danish setup and what `orders.vatZones` defaults to (domestic 1, eu 2,
 * abroad 3). The rate is the simulator's simplification of the product group's VAT account: 25 % at
 * home, none on EU and export sales.
 */
export interface SimVatZone extends EconomicVatZone {
  vatRatePercent: number;
}

export const VAT_ZONES: SimVatZone[] = [
  { vatZoneNumber: 1, name: 'Domestic', enabledForCustomer: true, enabledForSupplier: true, vatRatePercent: 25 },
  { vatZoneNumber: 2, name: 'EU', enabledForCustomer: true, enabledForSupplier: true, vatRatePercent: 0 },
  { vatZoneNumber: 3, name: 'Abroad', enabledForCustomer: true, enabledForSupplier: true, vatRatePercent: 0 },
  { vatZoneNumber: 4, name: 'Domestic exempt', enabledForCustomer: true, enabledForSupplier: true, vatRatePercent: 0 },
];

const ZONE_BY_NAME = { domestic: 1, eu: 2, abroad: 3 } as const;

export const CUSTOMER_GROUPS: EconomicCustomerGroup[] = [
  { customerGroupNumber: 1, name: 'Domestic customers' },
  { customerGroupNumber: 2, name: 'Foreign customers' },
];

export const UNITS: EconomicUnit[] = [
  { unitNumber: 1, name: 'stk.' },
  { unitNumber: 2, name: 'hour' },
];

export const PRODUCT_GROUPS = [
  { productGroupNumber: 1, name: 'Clothing' },
  { productGroupNumber: 2, name: 'Accessories' },
  { productGroupNumber: 3, name: 'Services' },
];

export const CURRENCIES = [
  { code: 'DKK', isoNumber: '208', name: 'Danish krone' },
  { code: 'EUR', isoNumber: '978', name: 'Euro' },
  { code: 'SEK', isoNumber: '752', name: 'Swedish krona' },
  { code: 'NOK', isoNumber: '578', name: 'Norwegian krone' },
  { code: 'USD', isoNumber: '840', name: 'US dollar' },
  { code: 'GBP', isoNumber: '826', name: 'Pound sterling' },
];

/** Catalogue products and the configured service products (shipping, discount, fee). */
export function seedProducts(): Array<Record<string, unknown>> {
  const catalogue = CATALOGUE_PRODUCTS.map((product) => ({
    productNumber: product.sku,
    name: product.name,
    salesPrice: minorToNumber(product.netPrice),
    costPrice: minorToNumber(product.costPrice),
    barred: false,
    productGroup: { productGroupNumber: product.groupNumber },
    unit: { unitNumber: 1 },
  }));
  const services = [...Object.values(SERVICE_PRODUCTS), REFUND_PRODUCT].map((product) => ({
    productNumber: product.sku,
    name: product.name,
    salesPrice: minorToNumber(product.netPrice),
    barred: false,
    productGroup: { productGroupNumber: 3 },
    unit: { unitNumber: 1 },
  }));
  return [...catalogue, ...services];
}

/** The catalogue's returning customers, numbered from 1001. */
export function seedCustomers(): Array<Record<string, unknown>> {
  return CATALOGUE_CUSTOMERS.filter((customer) => customer.existsInBackOffice).map((customer, index) => {
    const zone = vatZoneForCountry(customer.country);
    return {
      customerNumber: 1001 + index,
      name: customer.company ?? customer.name,
      currency: 'DKK',
      email: customer.email,
      address: customer.address,
      zip: customer.postcode,
      city: customer.city,
      country: customer.country,
      customerGroup: { customerGroupNumber: zone === 'domestic' ? 1 : 2 },
      paymentTerms: { paymentTermsNumber: 1 },
      vatZone: { vatZoneNumber: ZONE_BY_NAME[zone] },
      barred: false,
    };
  });
}
