import type { Minor } from '../domain/money.js';
import { HOME_COUNTRY, isEuCountry } from '../domain/vat-zones.js';

/**
 * The one product catalogue and customer list every simulator seeds from, so the webshop, Rackbeat
 * and e-conomic simulators agree on SKUs (product numbers) and the demo runs end to end.
 * Odd SKUs on purpose: leading zeros, `/`, `#`, spaces, dots — real shops have them.
 * Prices are net of VAT in minor units (DKK øre); shops add 25 % VAT where they show gross prices.
 */
export interface CatalogueProduct {
  sku: string;
  name: string;
  netPrice: Minor;
  /** Cost price, for Rackbeat and e-conomic product cards. */
  costPrice: Minor;
  stock: number;
  groupNumber: number;
}

export interface CatalogueCustomer {
  email: string;
  name: string;
  company?: string;
  address: string;
  city: string;
  postcode: string;
  /** ISO 3166-1 alpha-2. DK is domestic, DE/SE/FI are EU, NO/US are abroad. */
  country: string;
  /** Already known to Rackbeat and e-conomic before the first sync (a returning customer). */
  existsInBackOffice: boolean;
  /** A business buyer's VAT number, given at checkout. */
  vatNumber?: string;
}

export const DOMESTIC_VAT_PERCENT = 25;

/** The buyer is a business in another EU member state that gave its VAT number at checkout. */
export function isReverseChargeBuyer(customer: Pick<CatalogueCustomer, 'country' | 'vatNumber'>): boolean {
  return Boolean(customer.vatNumber) && customer.country !== HOME_COUNTRY && isEuCountry(customer.country);
}

/**
 * Whether a Danish shop charges this buyer VAT, as the shops' usual set-up does: not on exports
 * outside the EU, not to a reverse-charge buyer (what the EU VAT plugins and Shopify's EU
 * reverse-charge exemption do), Danish VAT to everyone else, EU consumers included.
 */
export function chargesVat(customer: Pick<CatalogueCustomer, 'country' | 'vatNumber'>): boolean {
  return isEuCountry(customer.country) && !isReverseChargeBuyer(customer);
}

const m = (value: number): Minor => value as Minor;

export const CATALOGUE_PRODUCTS: readonly CatalogueProduct[] = [
  { sku: 'TEE-RED-M', name: 'T-shirt – Red, M', netPrice: m(15_920), costPrice: m(4_000), stock: 120, groupNumber: 1 },
  { sku: 'TEE-RED-L', name: 'T-shirt – Red, L', netPrice: m(15_920), costPrice: m(4_000), stock: 80, groupNumber: 1 },
  { sku: 'TEE-BLU-M', name: 'T-shirt – Blue, M', netPrice: m(15_920), costPrice: m(4_000), stock: 64, groupNumber: 1 },
  { sku: 'HOODIE-GRY-L', name: 'Hoodie – Grey, L', netPrice: m(39_920), costPrice: m(12_500), stock: 40, groupNumber: 1 },
  { sku: 'CAP-001', name: 'Cap, one size', netPrice: m(11_920), costPrice: m(2_500), stock: 200, groupNumber: 1 },
  { sku: '0042', name: 'Sticker pack', netPrice: m(2_320), costPrice: m(300), stock: 1_000, groupNumber: 2 },
  { sku: 'GIFT/BOX 01', name: 'Gift box', netPrice: m(7_920), costPrice: m(2_000), stock: 55, groupNumber: 2 },
  { sku: 'MUG#BLK', name: 'Mug – Black', netPrice: m(9_520), costPrice: m(2_800), stock: 150, groupNumber: 2 },
  { sku: 'POSTER.A2', name: 'Poster A2', netPrice: m(19_920), costPrice: m(3_500), stock: 30, groupNumber: 2 },
  { sku: 'SOCKS-3PK', name: 'Socks, 3-pack', netPrice: m(7_920), costPrice: m(1_900), stock: 300, groupNumber: 1 },
  { sku: 'BAG-TOTE', name: 'Tote bag', netPrice: m(6_320), costPrice: m(1_200), stock: 90, groupNumber: 2 },
  { sku: 'BOTTLE-750', name: 'Water bottle 750 ml', netPrice: m(15_920), costPrice: m(5_100), stock: 75, groupNumber: 2 },
];

/** Configured service products (shipping, discount, fee) that the order flow maps charges to. */
export const SERVICE_PRODUCTS = {
  shipping: { sku: 'SHIPPING', name: 'Shipping', netPrice: m(3_920) },
  discount: { sku: 'DISCOUNT', name: 'Discount', netPrice: m(0) },
  fee: { sku: 'FEE', name: 'Payment fee', netPrice: m(0) },
} as const;

/** The e-conomic product of an amount refunded without lines (`orders.refunds.product`): only e-conomic keeps it. */
export const REFUND_PRODUCT = { sku: 'REFUND', name: 'Refund', netPrice: m(0) } as const;

export const CATALOGUE_CUSTOMERS: readonly CatalogueCustomer[] = [
  { email: 'ann.lee@example.com', name: 'Ann Lee', address: 'Main St 1', city: 'Aarhus', postcode: '8000', country: 'DK', existsInBackOffice: true },
  { email: 'bo+shop@example.dk', name: 'Bo Nielsen', address: 'Vestergade 12', city: 'Odense', postcode: '5000', country: 'DK', existsInBackOffice: false },
  { email: 'clara@example.de', name: 'Clara Schmidt', company: 'Schmidt GmbH', address: 'Hauptstr. 5', city: 'Berlin', postcode: '10115', country: 'DE', existsInBackOffice: false },
  { email: 'dan.o@example.se', name: 'Dan Olsson', address: 'Storgatan 3', city: 'Malmö', postcode: '21122', country: 'SE', existsInBackOffice: true },
  { email: 'eva.k@example.fi', name: 'Eva Korhonen', address: 'Mannerheimintie 7', city: 'Helsinki', postcode: '00100', country: 'FI', existsInBackOffice: false },
  { email: 'finn@example.no', name: 'Finn Hansen', address: 'Karl Johans gate 2', city: 'Oslo', postcode: '0154', country: 'NO', existsInBackOffice: false },
  { email: "grace.o'neil@example.com", name: "Grace O'Neil", address: '5th Ave 100', city: 'New York', postcode: '10001', country: 'US', existsInBackOffice: false },
  { email: 'hans.jensen@example.dk', name: 'Hans Jensen', address: 'Nørregade 8', city: 'København K', postcode: '1165', country: 'DK', existsInBackOffice: false },
  { email: 'ida$1@example.dk', name: 'Ida Møller', address: 'Algade 4', city: 'Aalborg', postcode: '9000', country: 'DK', existsInBackOffice: true },
  { email: 'jon.smith@example.dk', name: 'Jon Smith', company: 'Smith ApS', address: 'Strandvejen 20', city: 'Hellerup', postcode: '2900', country: 'DK', existsInBackOffice: false },
];
