import {
  AGREEMENT,
  CURRENCIES,
  CUSTOMER_GROUPS,
  LAYOUTS,
  PAYMENT_TERMS,
  PRODUCT_GROUPS,
  UNITS,
  VAT_ZONES,
  seedCustomers,
  seedProducts,
  type SimVatZone,
} from './seed.js';

/** A stored record: the API's JSON without `self` (links are added when rendered). */
export type SimRecord = Record<string, unknown>;

export type DocumentCollection = 'orderDrafts' | 'draftInvoices';

/**
 * The in-memory agreement behind the e-conomic simulator, and the in-process controls tests use
 * (add many customers, read what was created, move the clock).
 */
export class EconomicSimState {
  readonly agreement = AGREEMENT;
  readonly layouts = LAYOUTS;
  readonly paymentTerms = PAYMENT_TERMS;
  /** This agreement's own copy: zone numbers and names are agreement data (e-conomic REST docs, "VAT zones"). */
  readonly vatZones: SimVatZone[] = VAT_ZONES.map((zone) => ({ ...zone }));
  readonly customerGroups = CUSTOMER_GROUPS;
  readonly units = UNITS;
  readonly productGroups = PRODUCT_GROUPS;
  readonly currencies = CURRENCIES;
  readonly customers = new Map<number, SimRecord>();
  readonly products = new Map<string, SimRecord>();
  readonly orderDrafts = new Map<number, SimRecord>();
  readonly draftInvoices = new Map<number, SimRecord>();
  private readonly nextNumber: Record<DocumentCollection, number> = { orderDrafts: 1, draftInvoices: 1 };

  constructor(readonly now: () => Date = () => new Date()) {
    for (const customer of seedCustomers()) this.customers.set(customer.customerNumber as number, this.stamp(customer));
    for (const product of seedProducts()) this.products.set(product.productNumber as string, this.stamp(product));
  }

  /** `lastUpdated` is a UTC timestamp with `Z` (the schemas' `pattern`, despite `format: full-date`), to the second. */
  timestamp(): string {
    return `${this.now().toISOString().slice(0, 19)}Z`;
  }

  stamp(record: SimRecord): SimRecord {
    return { ...record, lastUpdated: this.timestamp() };
  }

  /** The next free customer number (numbers are reused after a delete, as observed on a trial agreement). */
  nextCustomerNumber(): number {
    let highest = 0;
    for (const number of this.customers.keys()) highest = Math.max(highest, number);
    return highest + 1;
  }

  takeDocumentNumber(collection: DocumentCollection): number {
    const number = this.nextNumber[collection];
    this.nextNumber[collection] = number + 1;
    return number;
  }

  /** Test control: a zone this agreement has beyond the usual four (e.g. one for OSS sales). */
  addVatZone(zone: SimVatZone): void {
    this.vatZones.push({ ...zone });
  }

  /** Test control: `count` customers numbered after the existing ones, e-mail `customer<N>@example.test`. */
  addGeneratedCustomers(count: number): void {
    const first = this.nextCustomerNumber();
    for (let offset = 0; offset < count; offset += 1) {
      const customerNumber = first + offset;
      this.customers.set(
        customerNumber,
        this.stamp({
          customerNumber,
          name: `Customer ${customerNumber}`,
          currency: 'DKK',
          email: `customer${customerNumber}@example.test`,
          customerGroup: { customerGroupNumber: 1 },
          paymentTerms: { paymentTermsNumber: 1 },
          vatZone: { vatZoneNumber: 1 },
        }),
      );
    }
  }
}
