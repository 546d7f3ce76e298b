import { minorToNumber, toMinor } from '../../domain/money.js';
import type { HttpClient } from '../http/types.js';
import { isSyncHttpError } from '../http/errors.js';
import { filterCondition } from './filter.js';
import { lookupsApi } from './lookups.js';
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
 * (e-conomic REST schema, orders.drafts.post and invoices.drafts.post). Booking, order → invoice
 * and payments will sit next to these.
 */
const RESOURCES: Record<SalesDocumentKind, { path: string; number: (doc: SalesDocumentResponse) => number | undefined }> = {
  order: { path: '/orders/drafts', number: (doc) => doc.orderNumber },
  'draft-invoice': { path: '/invoices/drafts', number: (doc) => doc.draftInvoiceNumber },
};

/**
 * The create body, and the full-replace (PUT) body. Required by orders.drafts.post /
 * invoices.drafts.post: date, currency, customer, layout, paymentTerms, recipient.name,
 * recipient.vatZone. e-conomic documents no copying of the recipient from the customer, so the
 * caller gives it. Lines carry a product, a description (required with an existing product)
 * and prices with 2 decimals from Minor. The PUT of an order draft also requires each line's unit
 * name (orders.drafts.orderNumber.put), hence `unitNames`.
 */
export function salesDocumentBody(input: SalesDocumentInput, unitNames?: ReadonlyMap<number, string>): SalesDocumentBody {
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
        unit: line.unitNumber === undefined ? undefined : compact({ unitNumber: line.unitNumber, name: unitNames?.get(line.unitNumber) }),
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
  const { units } = lookupsApi(http);
  /** Unit names for the PUT body, read only when a line has a unit. */
  const unitNamesFor = async (input: SalesDocumentInput): Promise<Map<number, string>> =>
    input.lines.some((line) => line.unitNumber !== undefined)
      ? new Map((await units()).map((unit) => [unit.unitNumber, unit.name]))
      : new Map();
  return {
    create: async (input: SalesDocumentInput, options: CreateOptions = {}): Promise<EconomicSalesDocument> =>
      toSalesDocument(kind, await createResource<SalesDocumentResponse>(http, path, salesDocumentBody(input), options)),

    /**
     * Replaces draft `number` with `input` (PUT = full replace: e-conomic REST docs, "REST Basics";
     * what the input leaves out is cleared) and returns it with the totals e-conomic recomputed.
     * Undefined, and nothing changed, when that number is no longer a draft carrying
     * `input.reference`: a booked invoice or a sent order is not a draft any more, and a deleted
     * draft's number may be given to another document (numbers are reused, as observed on a trial
     * agreement), which must not be overwritten. Safe to repeat (the HTTP layer retries a PUT).
     */
    update: async (number: number, input: SalesDocumentInput): Promise<EconomicSalesDocument | undefined> => {
      const current = await getOrUndefined<SalesDocumentResponse>(http, `${path}/${number}`);
      if (current?.references?.other !== input.reference) return undefined;
      const body = salesDocumentBody(input, await unitNamesFor(input));
      try {
        return toSalesDocument(kind, (await http.request<SalesDocumentResponse>({ method: 'PUT', path: `${path}/${number}`, body })).data);
      } catch (error) {
        // Booked or sent between the read and the write.
        if (isSyncHttpError(error) && error.kind === 'not-found') return undefined;
        throw error;
      }
    },

    get: async (number: number): Promise<EconomicSalesDocument | undefined> => {
      const doc = await getOrUndefined<SalesDocumentResponse>(http, `${path}/${number}`);
      return doc && toSalesDocument(kind, doc);
    },

    /**
     * The document whose `references.other` is exactly this text (lowest number first when, against
     * every rule, there are several). An escaped `$eq:`, never `$like:` (which means "contains");
     * the API compares case-insensitively, so the text is compared again here, exactly.
     */
    findByReference: async (reference: string): Promise<EconomicSalesDocument | undefined> =>
      (await findByReferences([reference])).get(reference),

    findByReferences,
  };

  /**
   * The documents carrying these references, by reference: `$eq:` conditions joined by `$or:`
   * (e-conomic REST docs, "Filtering"), a few dozen to a call so the URL stays short.
   */
  async function findByReferences(references: readonly string[]): Promise<Map<string, EconomicSalesDocument>> {
    const found = new Map<string, EconomicSalesDocument>();
    for (let start = 0; start < references.length; start += REFERENCES_PER_CALL) {
      const chunk = references.slice(start, start + REFERENCES_PER_CALL);
      const filter = chunk.map((reference) => filterCondition('references.other', '$eq:', reference)).join('$or:');
      const wanted = new Set(chunk);
      for (const doc of await collectAll(listAll<SalesDocumentResponse>(http, path, filter))) {
        const reference = doc.references?.other;
        if (reference === undefined || !wanted.has(reference)) continue;
        const document = toSalesDocument(kind, doc);
        const known = found.get(reference);
        if (!known || document.number < known.number) found.set(reference, document);
      }
    }
    return found;
  }
}

/** References in one `$or:` filter: each is up to 250 characters, escaped (e-conomic `references.other`). */
const REFERENCES_PER_CALL = 20;
