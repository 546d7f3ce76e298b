import { minorToNumber, toMinor, type Minor } from '../../domain/money.js';
import { asBooked, asSent } from './documents.js';
import { ERROR_CODES } from './errors.js';
import { SimJournals } from './journals.js';
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

export type DocumentCollection = 'orderDrafts' | 'sentOrders' | 'archivedOrders' | 'draftInvoices' | 'bookedInvoices';

/** Why a send or a booking was refused, as an annotated error on the request's field. */
export interface BookkeepingRefusal {
  field: 'orderNumber' | 'draftInvoice' | 'bookWithNumber' | 'sendBy';
  errorCode: string;
  message: string;
  value: unknown;
}

export type BookkeepingResult = { record: SimRecord } | { refusal: BookkeepingRefusal };

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
  /** Orders registered as sent: locked, keeping their order number (e-conomic TechTalk, "Orders are now available on the REST API"). */
  readonly sentOrders = new Map<number, SimRecord>();
  /** The archived copy a sent order leaves; it outlives the sent order's upgrade or delete (same TechTalk). */
  readonly archivedOrders = new Map<number, SimRecord>();
  /** Booked invoices, by `bookedInvoiceNumber`: a number of their own, not the draft's (e-conomic REST docs, "Invoices"). */
  readonly bookedInvoices = new Map<number, SimRecord>();
  /** Journals, their draft vouchers and the accounts they post against (journals.ts). */
  readonly journals = new SimJournals({
    customerExists: (number) => this.customers.has(number),
    currencyExists: (code) => this.currencies.some((currency) => currency.code === code),
    invoiceCustomer: (number) => ((this.bookedInvoices.get(number)?.customer as SimRecord | undefined)?.customerNumber as number | undefined),
    settle: (number, delta) => {
      const invoice = this.bookedInvoices.get(number);
      if (invoice) invoice.remainder = minorToNumber((toMinor(invoice.remainder as number) + delta) as Minor);
    },
  });
  private readonly nextNumber: Record<'orderDrafts' | 'draftInvoices' | 'bookedInvoices', number> = {
    orderDrafts: 1,
    draftInvoices: 1,
    bookedInvoices: 1,
  };

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

  takeDocumentNumber(collection: 'orderDrafts' | 'draftInvoices' | 'bookedInvoices'): number {
    const number = this.nextNumber[collection];
    this.nextNumber[collection] = number + 1;
    return number;
  }

  /**
   * Registers order draft `orderNumber` as sent (`POST /orders/sent`; also the test control for a
   * bookkeeper sending it): it leaves the drafts, is in sent under the same number, and keeps an
   * archived copy (e-conomic TechTalk, "Orders are now available on the REST API"). The archived
   * copy has no `lastUpdated` (orders.archived.orderNumber.get has none).
   */
  sendOrder(orderNumber: number): BookkeepingResult {
    const draft = this.orderDrafts.get(orderNumber);
    if (!draft) {
      return { refusal: { field: 'orderNumber', errorCode: ERROR_CODES.notFound, message: `Order draft ${orderNumber} does not exist.`, value: orderNumber } };
    }
    this.orderDrafts.delete(orderNumber);
    const sent = this.stamp(asSent(draft));
    this.sentOrders.set(orderNumber, sent);
    const { lastUpdated: _lastUpdated, ...archived } = sent;
    this.archivedOrders.set(orderNumber, archived);
    return { record: sent };
  }

  /**
   * Books draft invoice `draftInvoiceNumber` (`POST /invoices/booked`; also the test control for a
   * bookkeeper booking it): the draft disappears and a booked invoice appears under the next number
   * of the series, or `bookWithNumber` when given and free (e-conomic REST docs, "Book a draft
   * invoice"). It keeps the draft's header, references, lines and totals; it adds what
   * invoices.booked.bookedInvoiceNumber.get has beyond a draft (the unpaid `remainder`, each line's
   * `vatRate` and `vatAmount`) and has no `lastUpdated` (that schema has none).
   */
  bookInvoice(draftInvoiceNumber: number, bookWithNumber?: number, sendBy?: string): BookkeepingResult {
    const draft = this.draftInvoices.get(draftInvoiceNumber);
    if (!draft) {
      const message = `Draft invoice ${draftInvoiceNumber} does not exist.`;
      return { refusal: { field: 'draftInvoice', errorCode: ERROR_CODES.notFound, message, value: draftInvoiceNumber } };
    }
    // An e-invoice through NemHandel needs the customer's EAN (e-conomic REST docs, "Book a draft invoice").
    const customer = this.customers.get((draft.customer as SimRecord).customerNumber as number);
    if (sendBy === 'EAN' && !customer?.ean && !(draft.recipient as SimRecord | undefined)?.ean) {
      return { refusal: { field: 'sendBy', errorCode: ERROR_CODES.invalid, message: 'The customer has no EAN number; the invoice cannot be sent by EAN.', value: sendBy } };
    }
    if (bookWithNumber !== undefined && this.bookedInvoices.has(bookWithNumber)) {
      const message = `An invoice with number ${bookWithNumber} is already booked.`;
      return { refusal: { field: 'bookWithNumber', errorCode: ERROR_CODES.duplicate, message, value: bookWithNumber } };
    }
    const number = bookWithNumber ?? this.nextFreeBookedNumber();
    this.draftInvoices.delete(draftInvoiceNumber);
    const booked = asBooked(this, draft, number);
    this.bookedInvoices.set(number, booked);
    return { record: booked };
  }

  /** The series' next number not taken by a `bookWithNumber` booking. */
  private nextFreeBookedNumber(): number {
    let number = this.takeDocumentNumber('bookedInvoices');
    while (this.bookedInvoices.has(number)) number = this.takeDocumentNumber('bookedInvoices');
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
