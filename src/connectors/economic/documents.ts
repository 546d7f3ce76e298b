import { minorToNumber, toMinor } from '../../mapping/money.js';
import type { HttpClient } from '../http/types.js';
import { filterCondition } from './filter.js';
import { collectAll, listAll } from './paging.js';
import { compact, createResource, getOrUndefined } from './requests.js';
import type {
  CreateOptions,
  EconomicSalesDocument,
  SalesDocumentBody,
  SalesDocumentInput,
  SalesDocumentKind,
  SalesDocumentResponse,
} from './types.js';

/**
 * Order drafts (`/orders/drafts`) and draft invoices (`/invoices/drafts`) share one body
 * (economic.md §4.3). Booking, order → invoice and payments will sit next to these.
 */
const RESOURCES: Record<SalesDocumentKind, { path: string; number: (doc: SalesDocumentResponse) => number | undefined }> = {
  order: { path: '/orders/drafts', number: (doc) => doc.orderNumber },
  'draft-invoice': { path: '/invoices/drafts', number: (doc) => doc.draftInvoiceNumber },
};

/**
 * The create body. Required by orders.drafts.post / invoices.drafts.post: date, currency, customer,
 * layout, paymentTerms, recipient.name, recipient.vatZone. e-conomic does not copy the recipient
 * from the customer (economic.md §9), so the caller gives it. Lines carry a product, a description
 * (required with an existing product) and prices with 2 decimals from Minor.
 */
export function salesDocumentBody(input: SalesDocumentInput): SalesDocumentBody {
  const { recipient } = input;
  return compact({
    date: input.date,
    currency: input.currency,
    exchangeRate: input.exchangeRate,
    dueDate: input.dueDate,
    customer: { customerNumber: input.customerNumber },
    layout: { layoutNumber: input.layoutNumber },
    paymentTerms: { paymentTermsNumber: input.paymentTermsNumber },
    recipient: compact({
      name: recipient.name,
      address: recipient.address,
      zip: recipient.zip,
      city: recipient.city,
      country: recipient.country,
      vatZone: { vatZoneNumber: recipient.vatZoneNumber },
    }),
    delivery: input.delivery && compact({ ...input.delivery }),
    notes: input.notes && compact({ ...input.notes }),
    references: { other: input.reference },
    lines: input.lines.map((line, index) =>
      compact({
        lineNumber: index + 1,
        sortKey: index + 1,
        description: line.description,
        product: { productNumber: line.productNumber },
        quantity: line.quantity,
        unitNetPrice: minorToNumber(line.unitNetPrice),
        discountPercentage: line.discountPercentage,
        unit: line.unitNumber === undefined ? undefined : { unitNumber: line.unitNumber },
      }),
    ),
  });
}

function toSalesDocument(kind: SalesDocumentKind, doc: SalesDocumentResponse): EconomicSalesDocument {
  const number = RESOURCES[kind].number(doc);
  if (number === undefined) throw new TypeError(`e-conomic ${kind} without a number: ${doc.self}`);
  return {
    kind,
    number,
    date: doc.date,
    currency: doc.currency,
    customerNumber: doc.customer.customerNumber,
    reference: doc.references?.other,
    netAmount: toMinor(doc.netAmount),
    vatAmount: toMinor(doc.vatAmount),
    grossAmount: toMinor(doc.grossAmount),
    roundingAmount: toMinor(doc.roundingAmount ?? 0),
    self: doc.self,
  };
}

export function salesDocumentsApi(http: HttpClient, kind: SalesDocumentKind) {
  const { path } = RESOURCES[kind];
  return {
    create: async (input: SalesDocumentInput, options: CreateOptions = {}): Promise<EconomicSalesDocument> =>
      toSalesDocument(kind, await createResource<SalesDocumentResponse>(http, path, salesDocumentBody(input), options)),

    get: async (number: number): Promise<EconomicSalesDocument | undefined> => {
      const doc = await getOrUndefined<SalesDocumentResponse>(http, `${path}/${number}`);
      return doc && toSalesDocument(kind, doc);
    },

    /**
     * The document whose `references.other` is exactly this text (lowest number first when, against
     * every rule, there are several). An escaped `$eq:`, never `$like:` (which means "contains");
     * the API compares case-insensitively, so the text is compared again here, exactly.
     */
    findByReference: async (reference: string): Promise<EconomicSalesDocument | undefined> => {
      const filter = filterCondition('references.other', '$eq:', reference);
      const found = await collectAll(listAll<SalesDocumentResponse>(http, path, filter));
      const exact = found.filter((doc) => doc.references?.other === reference).map((doc) => toSalesDocument(kind, doc));
      return exact.sort((a, b) => a.number - b.number)[0];
    },
  };
}
