import type { SimHandler, SimRequest, SimResponse, SimRoute } from '../harness/types.js';
import { AnnotatedErrors, checkRules, type FieldRule } from './body-rules.js';
import { baseUrl, collectionResponse, type CollectionSettings } from './collection.js';
import { withTotals } from './documents.js';
import { ERROR_CODES, errorResponse, notFoundResponse, validationResponse } from './errors.js';
import type { IdempotencyCache } from './idempotency.js';
import { invoiceRoutes } from './invoice-routes.js';
import { journalRoutes } from './journal-routes.js';
import { productRoutes } from './product-routes.js';
import type { BookkeepingResult, DocumentCollection, EconomicSimState, SimRecord } from './state.js';
import {
  CUSTOMER_RULES,
  DRAFT_INVOICE_PUT_RULES,
  ORDER_DRAFT_PUT_RULES,
  referencedId,
  SALES_DOCUMENT_RULES,
  validateCustomer,
  validateSalesDocument,
} from './validation.js';

/** Filterable fields per collection, from the GET schemas' `filterable: true` (e-conomic REST docs, "Filtering"). */
const CUSTOMER_FILTERABLE = [
  'address', 'balance', 'barred', 'city', 'corporateIdentificationNumber', 'country', 'creditLimit', 'currency',
  'customerNumber', 'ean', 'email', 'lastUpdated', 'name', 'publicEntryNumber', 'telephoneAndFaxNumber',
  'mobilePhone', 'vatNumber', 'website', 'zip', 'customerGroup.customerGroupNumber',
  // Accepted live though the schema does not say so (as observed on a trial agreement).
  'pNumber',
];
/**
 * What every sales-document collection may filter on (orders.drafts.get, orders.sent.get,
 * orders.archived.get, invoices.drafts.get, invoices.booked.get), besides its own number; the
 * `soap` handles are left out, no simulated document has one.
 */
const DOCUMENT_FILTERABLE = [
  'date', 'currency', 'exchangeRate', 'paymentTerms.paymentTermsNumber', 'customer.customerNumber', 'recipient.name',
  'recipient.address', 'recipient.zip', 'recipient.city', 'recipient.country', 'recipient.ean',
  'recipient.publicEntryNumber', 'deliveryLocation.deliveryLocationNumber', 'delivery.address', 'delivery.zip',
  'delivery.city', 'delivery.country', 'delivery.deliveryTerms', 'delivery.deliveryDate', 'notes.heading',
  'notes.textLine1', 'notes.textLine2', 'references.customerContact.customer.customerNumber',
  'references.salesPerson.employeeNumber', 'references.vendorReference.employeeNumber', 'references.other',
];
/** Drafts and sent orders have `lastUpdated`; archived orders and booked invoices have none. */
const CHANGING_DOCUMENT_FILTERABLE = [...DOCUMENT_FILTERABLE, 'lastUpdated'];
const CUSTOMER_GROUP_FILTERABLE = ['customerGroupNumber', 'name'];

/** A collection of sales documents in one state, readable as a list and one by one. */
interface DocumentResource {
  collection: DocumentCollection;
  path: string;
  numberField: 'orderNumber' | 'draftInvoiceNumber' | 'bookedInvoiceNumber';
  label: string;
  filterable: readonly string[];
}

/** A draft collection: created with POST, replaced with PUT. */
interface DraftResource extends DocumentResource {
  collection: 'orderDrafts' | 'draftInvoices';
  /** What the resource's PUT schema requires on top of the create rules. */
  putRules: readonly FieldRule[];
}

const ORDER_DRAFTS: DraftResource = {
  collection: 'orderDrafts',
  path: '/orders/drafts',
  numberField: 'orderNumber',
  label: 'Order',
  filterable: ['orderNumber', ...CHANGING_DOCUMENT_FILTERABLE],
  putRules: ORDER_DRAFT_PUT_RULES,
};
const DRAFT_INVOICES: DraftResource = {
  collection: 'draftInvoices',
  path: '/invoices/drafts',
  numberField: 'draftInvoiceNumber',
  label: 'Draft invoice',
  filterable: ['draftInvoiceNumber', ...CHANGING_DOCUMENT_FILTERABLE],
  putRules: DRAFT_INVOICE_PUT_RULES,
};
const SENT_ORDERS: DocumentResource = {
  collection: 'sentOrders',
  path: '/orders/sent',
  numberField: 'orderNumber',
  label: 'Sent order',
  filterable: ['orderNumber', ...CHANGING_DOCUMENT_FILTERABLE],
};
const ARCHIVED_ORDERS: DocumentResource = {
  collection: 'archivedOrders',
  path: '/orders/archived',
  numberField: 'orderNumber',
  label: 'Archived order',
  filterable: ['orderNumber', ...DOCUMENT_FILTERABLE],
};
const BOOKED_INVOICES: DocumentResource = {
  collection: 'bookedInvoices',
  path: '/invoices/booked',
  numberField: 'bookedInvoiceNumber',
  label: 'Booked invoice',
  filterable: ['bookedInvoiceNumber', ...DOCUMENT_FILTERABLE, 'recipient.vatZone.vatZoneNumber'],
};

/** invoices.booked.post.schema.json */
const BOOKING_RULES: readonly FieldRule[] = [
  { path: 'draftInvoice', type: 'object', required: true },
  { path: 'draftInvoice.draftInvoiceNumber', type: 'integer', minimum: 1, maximum: 999_999_999 },
  { path: 'bookWithNumber', type: 'integer', minimum: 1 },
  { path: 'sendBy', type: 'string', enum: ['none', 'EAN', 'Email'] },
];

/** Top-level document properties the create schema has beyond the rules' paths. */
const DOCUMENT_EXTRA_PROPERTIES = ['references', 'project', 'deliveryLocation'];

export interface RouteContext {
  state: EconomicSimState;
  idempotency: IdempotencyCache;
  collections: CollectionSettings;
}

/**
 * Keeps the properties the create schema knows; unknown ones are ignored, not refused (as observed
 * on a trial agreement).
 */
export function knownProperties(body: SimRecord, rules: readonly FieldRule[], extra: readonly string[] = []): SimRecord {
  const known = new Set([...rules.map((rule) => rule.path.split(/[.[]/)[0] as string), ...extra]);
  return Object.fromEntries(Object.entries(body).filter(([key]) => known.has(key)));
}

function asObject(body: unknown): SimRecord | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as SimRecord) : undefined;
}

export function created(location: string, body: SimRecord): SimResponse {
  return { status: 201, headers: { location }, body };
}

export function economicRoutes(context: RouteContext): SimRoute[] {
  const { state, idempotency, collections } = context;
  const link = (request: SimRequest, path: string): string => `${baseUrl(request)}${path}`;

  /** JSON-only API (e-conomic REST docs, "HTTP Status Codes": other media types get 415), body must be an object. */
  function write(handler: (request: SimRequest, body: SimRecord) => SimResponse): SimHandler;
  function write(handler: (request: SimRequest, body: SimRecord | SimRecord[]) => SimResponse, options: { arrays: true }): SimHandler;
  function write(handler: (request: SimRequest, body: SimRecord & SimRecord[]) => SimResponse, options?: { arrays?: boolean }): SimHandler {
    return idempotency.wrap((request) => {
      if (!(request.headers['content-type'] ?? '').includes('application/json')) {
        return errorResponse(415, ERROR_CODES.invalid, 'Unsupported media type.', 'Send Content-Type: application/json.');
      }
      // Bulk endpoints (journal vouchers) also take an array of objects.
      const list = options?.arrays && Array.isArray(request.body) ? request.body.map(asObject) : undefined;
      const body = list ? (list.every(Boolean) ? list : undefined) : asObject(request.body);
      if (!body) return validationResponse({ body: { errors: [{ errorCode: ERROR_CODES.invalid, message: 'Expected a JSON object.' }] } });
      return handler(request, body as SimRecord & SimRecord[]);
    });
  }

  const renderCustomer = (request: SimRequest) => (record: SimRecord): SimRecord => ({
    ...record,
    self: link(request, `/customers/${record.customerNumber as number}`),
  });
  const renderDocument = (request: SimRequest, resource: DocumentResource, withLines: boolean) => (record: SimRecord): SimRecord => {
    const { lines, ...header } = record;
    const number = record[resource.numberField] as number;
    return { ...header, ...(withLines && lines ? { lines } : {}), self: link(request, `${resource.path}/${number}`) };
  };
  /** Stores a created or replaced document under its number, totals computed from its lines. */
  const saveDocument = (request: SimRequest, resource: DocumentResource, number: number, body: SimRecord): SimRecord => {
    const known = knownProperties(body, SALES_DOCUMENT_RULES, DOCUMENT_EXTRA_PROPERTIES);
    const record = state.stamp({ ...withTotals(state, known), [resource.numberField]: number });
    state[resource.collection].set(number, record);
    return renderDocument(request, resource, true)(record);
  };

  /** A read-only lookup collection and its single-item GET. */
  const lookup = <T extends object>(path: string, param: string, items: readonly T[], key: keyof T, filterable: string[] = []): SimRoute[] => {
    const render = (request: SimRequest) => (item: SimRecord): SimRecord => ({ ...item, self: link(request, `${path}/${String(item[key as string])}`) });
    const records = (): SimRecord[] => items.map((item) => ({ ...item }) as SimRecord);
    return [
      { method: 'GET', pattern: path, handler: (request) => collectionResponse(request, { records: records(), filterable, render: render(request) }, collections) },
      {
        method: 'GET',
        pattern: `${path}/:${param}`,
        handler: (request) => {
          const item = records().find((candidate) => String(candidate[key as string]) === request.params[param]);
          return item ? { status: 200, body: render(request)(item) } : notFoundResponse(path.slice(1));
        },
      },
    ];
  };

  const customerRoutes: SimRoute[] = [
    {
      method: 'GET',
      pattern: '/customers',
      handler: (request) =>
        collectionResponse(request, { records: state.customers.values(), filterable: CUSTOMER_FILTERABLE, render: renderCustomer(request) }, collections),
    },
    {
      method: 'GET',
      pattern: '/customers/:customerNumber',
      handler: (request) => {
        const customer = state.customers.get(Number(request.params.customerNumber));
        return customer ? { status: 200, body: renderCustomer(request)(customer) } : notFoundResponse('Customer');
      },
    },
    {
      method: 'POST',
      pattern: '/customers',
      handler: write((request, body) => {
        const errors = validateCustomer(state, body);
        if (!errors.empty) return validationResponse(errors.tree);
        const customerNumber = (body.customerNumber as number | undefined) ?? state.nextCustomerNumber();
        const extra = ['salesPerson', 'priceGroup', 'eInvoicingDisabledByDefault'];
        const record = state.stamp({ ...knownProperties(body, CUSTOMER_RULES, extra), customerNumber });
        state.customers.set(customerNumber, record);
        const rendered = renderCustomer(request)(record);
        return created(rendered.self as string, rendered);
      }),
    },
  ];

  /** A document collection and its single-document GET, whatever state its documents are in. */
  const readable = (resource: DocumentResource): SimRoute[] => [
    {
      // Collections of sales documents leave out `lines` (as the Orders and Invoices pages of
      // e-conomic's REST docs show).
      method: 'GET',
      pattern: resource.path,
      handler: (request) =>
        collectionResponse(
          request,
          { records: state[resource.collection].values(), filterable: resource.filterable, render: renderDocument(request, resource, false) },
          collections,
        ),
    },
    {
      method: 'GET',
      pattern: `${resource.path}/:number`,
      handler: (request) => {
        const document = state[resource.collection].get(Number(request.params.number));
        return document ? { status: 200, body: renderDocument(request, resource, true)(document) } : notFoundResponse(resource.label);
      },
    },
  ];

  const draftRoutes = (resource: DraftResource): SimRoute[] => [
    ...readable(resource),
    {
      method: 'POST',
      pattern: resource.path,
      handler: write((request, body) => {
        const errors = validateSalesDocument(state, body);
        if (!errors.empty) return validationResponse(errors.tree);
        const rendered = saveDocument(request, resource, state.takeDocumentNumber(resource.collection), body);
        return created(rendered.self as string, rendered);
      }),
    },
    {
      // A full replace (e-conomic REST docs, "REST Basics"): what is omitted is cleared, the create
      // rules hold, totals are recomputed; 200 like PUT elsewhere (as observed on a trial
      // agreement). Draft numbers are e-conomic's own, so an unknown one is 404 E06000, not an
      // upsert: a booked invoice or a sent order is no longer a draft and cannot be changed here.
      method: 'PUT',
      pattern: `${resource.path}/:number`,
      handler: write((request, body) => {
        const number = Number(request.params.number);
        if (!state[resource.collection].has(number)) return notFoundResponse(resource.label);
        const errors = validateSalesDocument(state, body, resource.putRules);
        if (!errors.empty) return validationResponse(errors.tree);
        return { status: 200, body: saveDocument(request, resource, number, body) };
      }),
    },
    {
      // Deleting a draft (e-conomic REST docs, "Orders" and "Invoices"): an order draft answers 204,
      // a draft invoice 200 with a status body; a number that is no longer a draft is 404.
      method: 'DELETE',
      pattern: `${resource.path}/:number`,
      handler: (request) => {
        const number = Number(request.params.number);
        if (!state[resource.collection].delete(number)) return notFoundResponse(resource.label);
        return resource.collection === 'orderDrafts' ? { status: 204 } : { status: 200, body: { message: 'Deleted draft invoice.', deletedCount: 1 } };
      },
    },
  ];

  /** A send or a booking: 201 with the document where it now is, or the refusal on the field it concerns. */
  const moved = (request: SimRequest, resource: DocumentResource, result: BookkeepingResult): SimResponse => {
    if ('refusal' in result) {
      const { field, ...error } = result.refusal;
      return validationResponse({ [field]: { errors: [error] } });
    }
    const rendered = renderDocument(request, resource, true)(result.record);
    return created(rendered.self as string, rendered);
  };

  const bookkeepingRoutes: SimRoute[] = [
    {
      // Register an order as sent: the body is the whole order as read from its draft (e-conomic
      // REST docs, "Orders"; there is no published schema for it), so the draft's create rules
      // hold and `orderNumber` names it. Status 201 like other creates (UNCONFIRMED).
      method: 'POST',
      pattern: SENT_ORDERS.path,
      handler: write((request, body) => {
        const errors = validateSalesDocument(state, body, [{ path: 'orderNumber', type: 'integer', required: true, minimum: 1 }]);
        if (!errors.empty) return validationResponse(errors.tree);
        return moved(request, SENT_ORDERS, state.sendOrder(body.orderNumber as number));
      }),
    },
    {
      // Book a draft (e-conomic REST docs, "Book a draft invoice"; invoices.booked.post): the draft
      // by number or self; `bookWithNumber` chooses the invoice number; `sendBy` is recorded, not
      // acted on. A draft that does not exist is refused like any missing reference (400 E06000;
      // the exact answer is UNCONFIRMED). Status 201 like other creates (UNCONFIRMED).
      method: 'POST',
      pattern: BOOKED_INVOICES.path,
      handler: write((request, body) => {
        const errors = new AnnotatedErrors();
        checkRules(body, BOOKING_RULES, errors);
        const draftNumber = errors.empty ? referencedId(body.draftInvoice, 'draftInvoiceNumber', ['draftInvoice'], errors) : undefined;
        if (!errors.empty || draftNumber === undefined) return validationResponse(errors.tree);
        return moved(request, BOOKED_INVOICES, state.bookInvoice(Number(draftNumber), body.bookWithNumber as number | undefined, body.sendBy as string | undefined));
      }),
    },
  ];

  return [
    {
      method: 'GET',
      pattern: '/self',
      handler: (request) => ({ status: 200, body: { ...state.agreement, self: link(request, '/self') } }),
    },
    ...customerRoutes,
    ...productRoutes({ state, collections, write, link }),
    ...draftRoutes(ORDER_DRAFTS),
    ...draftRoutes(DRAFT_INVOICES),
    ...readable(SENT_ORDERS),
    ...readable(ARCHIVED_ORDERS),
    ...readable(BOOKED_INVOICES),
    ...bookkeepingRoutes,
    ...invoiceRoutes(state),
    ...journalRoutes(state, collections, write),
    ...lookup('/layouts', 'layoutNumber', state.layouts, 'layoutNumber'),
    ...lookup('/payment-terms', 'paymentTermsNumber', state.paymentTerms, 'paymentTermsNumber'),
    ...lookup('/vat-zones', 'vatZoneNumber', state.vatZones.map(({ vatRatePercent: _rate, ...zone }) => zone), 'vatZoneNumber'),
    ...lookup('/customer-groups', 'customerGroupNumber', state.customerGroups, 'customerGroupNumber', CUSTOMER_GROUP_FILTERABLE),
    ...lookup('/units', 'unitNumber', state.units, 'unitNumber'),
    ...lookup('/product-groups', 'productGroupNumber', state.productGroups, 'productGroupNumber'),
    ...lookup('/currencies', 'code', state.currencies, 'code'),
  ];
}
