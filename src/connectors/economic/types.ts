import type { Minor } from '../../domain/money.js';

/**
 * e-conomic REST shapes (e-conomic REST docs and JSON schemas) and the domain-level inputs and
 * results the client offers the flows. Amounts cross this boundary as Minor; the client converts
 * to and from the API's 2-decimal JSON numbers.
 */

/** Collection envelope (e-conomic REST docs, "Pagination"). `nextPage` is absent on the last page. */
export interface EconomicPagination {
  skipPages: number;
  pageSize: number;
  maxPageSizeAllowed: number;
  results: number;
  resultsWithoutFilter: number;
  firstPage: string;
  nextPage?: string;
  lastPage: string;
}

export interface EconomicCollection<T> {
  collection: T[];
  pagination: EconomicPagination;
  metaData?: unknown;
  self: string;
}

/** `GET /self`: the agreement behind the grant token (the store's identity of this system). */
export interface EconomicSelfResponse {
  agreementNumber: number;
  company?: { name?: string; country?: string; companyIdentificationNumber?: string };
  settings?: { baseCurrency?: string };
  self: string;
}

export interface EconomicAgreement {
  agreementNumber: number;
  companyName: string | undefined;
  baseCurrency: string | undefined;
}

/** Contact fields a customer has and the flows may set. */
export interface EconomicCustomerDetails {
  email?: string;
  address?: string;
  zip?: string;
  city?: string;
  country?: string;
  corporateIdentificationNumber?: string;
  telephoneAndFaxNumber?: string;
}

export interface EconomicCustomer extends EconomicCustomerDetails {
  customerNumber: number;
  name: string;
  currency: string;
  customerGroup: { customerGroupNumber: number };
  paymentTerms: { paymentTermsNumber: number };
  vatZone: { vatZoneNumber: number };
  layout?: { layoutNumber: number };
  barred?: boolean;
  /** The customer's EAN (GLN) for e-invoices through NemHandel (customers.customerNumber.get `ean`, ≤ 13). */
  ean?: string;
  lastUpdated?: string;
  self: string;
}

/** What the flows give to create a customer; required fields per customers.post.schema.json. */
export interface NewEconomicCustomer extends EconomicCustomerDetails {
  /** Omit to let e-conomic assign the next number. */
  customerNumber?: number;
  name: string;
  currency: string;
  customerGroupNumber: number;
  paymentTermsNumber: number;
  vatZoneNumber: number;
}

export interface EconomicProduct {
  productNumber: string;
  name: string;
  description?: string;
  salesPrice?: number;
  costPrice?: number;
  recommendedPrice?: number;
  barCode?: string;
  barred?: boolean;
  productGroup: { productGroupNumber: number; name?: string };
  unit?: { unitNumber: number; name?: string };
  lastUpdated?: string;
  self: string;
}

/** Create or full-replace body of a product (PUT clears what is omitted: e-conomic REST docs, "REST Basics"). */
export interface EconomicProductInput {
  productNumber: string;
  name: string;
  productGroupNumber: number;
  description?: string;
  salesPrice?: Minor;
  costPrice?: Minor;
  recommendedPrice?: Minor;
  barCode?: string;
  barred?: boolean;
  unitNumber?: number;
}

export interface EconomicLayout {
  layoutNumber: number;
  name: string;
  deleted?: boolean;
}

export type PaymentTermsType =
  | 'net'
  | 'invoiceMonth'
  | 'paidInCash'
  | 'prepaid'
  | 'dueDate'
  | 'factoring'
  | 'invoiceWeekStartingSunday'
  | 'invoiceWeekStartingMonday'
  | 'creditcard'
  | 'avtaleGiro';

export interface EconomicPaymentTerms {
  paymentTermsNumber: number;
  name: string;
  daysOfCredit?: number;
  paymentTermsType: PaymentTermsType;
}

export interface EconomicVatZone {
  vatZoneNumber: number;
  name: string;
  enabledForCustomer: boolean;
  enabledForSupplier: boolean;
}

export interface EconomicCustomerGroup {
  customerGroupNumber: number;
  name: string;
}

export interface EconomicUnit {
  unitNumber: number;
  name: string;
}

export interface EconomicProductGroup {
  productGroupNumber: number;
  name: string;
}

/**
 * Body fields shared by order drafts and draft invoices (e-conomic REST schema, orders.drafts.post,
 * invoices.drafts.post).
 */
export interface SalesDocumentLineBody {
  lineNumber: number;
  sortKey: number;
  description: string;
  product: { productNumber: string };
  quantity: number;
  unitNetPrice: number;
  discountPercentage?: number;
  /** `name` is required on an order draft's PUT (orders.drafts.orderNumber.put.schema.json). */
  unit?: { unitNumber: number; name?: string };
}

export interface SalesDocumentBody {
  date: string;
  currency: string;
  exchangeRate?: number;
  dueDate?: string;
  customer: { customerNumber: number };
  layout: { layoutNumber: number };
  paymentTerms: { paymentTermsNumber: number };
  recipient: {
    name: string;
    address?: string;
    zip?: string;
    city?: string;
    country?: string;
    ean?: string;
    vatZone: { vatZoneNumber: number };
  };
  delivery?: { address?: string; zip?: string; city?: string; country?: string; deliveryDate?: string };
  notes?: { heading?: string; textLine1?: string; textLine2?: string };
  references: { other: string };
  lines: SalesDocumentLineBody[];
}

/** A sales document as e-conomic returns it: the body plus number and server-computed totals. */
export interface SalesDocumentResponse extends Omit<SalesDocumentBody, 'references' | 'lines'> {
  orderNumber?: number;
  draftInvoiceNumber?: number;
  bookedInvoiceNumber?: number;
  references?: { other?: string };
  lines?: Array<SalesDocumentLineBody & { totalNetAmount?: number }>;
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  roundingAmount?: number;
  lastUpdated?: string;
  self: string;
}

/** One document line as the order flow maps it (prices net of VAT, in minor units). */
export interface SalesDocumentLine {
  productNumber: string;
  description: string;
  /** At most 2 decimals (E04740). */
  quantity: number;
  unitNetPrice: Minor;
  discountPercentage?: number;
  unitNumber?: number;
}

/** What the order flow gives to create an order draft or a draft invoice. */
export interface SalesDocumentInput {
  /** `YYYY-MM-DD` in the business time zone. */
  date: string;
  currency: string;
  customerNumber: number;
  layoutNumber: number;
  paymentTermsNumber: number;
  /** Only for payment terms of type `dueDate`, where it is mandatory (E04042). */
  dueDate?: string;
  /** Cost in base currency of 100 units; omit for the base currency. */
  exchangeRate?: number;
  recipient: {
    name: string;
    vatZoneNumber: number;
    address?: string;
    zip?: string;
    city?: string;
    country?: string;
  };
  delivery?: { address?: string; zip?: string; city?: string; country?: string };
  notes?: { heading?: string; textLine1?: string; textLine2?: string };
  /** The deterministic reference (`references.other`, ≤ 250): the document is found by it exactly. */
  reference: string;
  lines: SalesDocumentLine[];
}

export type SalesDocumentKind = 'order' | 'draft-invoice';

/**
 * Where a sales document is now, and its number there. A bookkeeper moves documents on
 * (e-conomic REST docs, "Orders" and "Invoices"): an order draft that is sent leaves the drafts for
 * `/orders/sent` and leaves a copy in `/orders/archived`, all under the same `orderNumber`; a draft
 * invoice that is booked is gone, and the booked invoice has a `bookedInvoiceNumber` of its own,
 * which is not the draft's number.
 */
export type DocumentPlace =
  | { kind: 'order'; state: 'draft' | 'sent' | 'archived'; /** `orderNumber` */ number: number }
  | { kind: 'draft-invoice'; state: 'draft'; /** `draftInvoiceNumber` */ number: number }
  | { kind: 'draft-invoice'; state: 'booked'; /** `bookedInvoiceNumber` */ number: number };

export type DocumentState = DocumentPlace['state'];

/** A created or found document, in the flow's terms, with the totals e-conomic computed. */
export type EconomicSalesDocument = DocumentPlace & {
  date: string;
  currency: string;
  customerNumber: number;
  /** Who it is made out to, and the VAT zone that priced its VAT (a credit note uses the same). */
  recipient: { name: string; vatZoneNumber: number };
  reference: string | undefined;
  netAmount: Minor;
  vatAmount: Minor;
  grossAmount: Minor;
  roundingAmount: Minor;
  self: string;
};

/** Options of a create: the caller derives the key from flow, source and step (an extra, not the guarantee). */
export interface CreateOptions {
  idempotencyKey?: string;
}
