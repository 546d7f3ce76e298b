import { minorToNumber, toMinor } from '../../domain/money.js';
import type { HttpClient } from '../http/types.js';
import { isSyncHttpError } from '../http/errors.js';
import { filterCondition } from './filter.js';
import { lookupsApi } from './lookups.js';
import { collectAll, listAll } from './paging.js';
import { compact, createResource, getOrUndefined } from './requests.js';
import type {
  CreateOptions,
  DocumentPlace,
  DocumentState,
  EconomicSalesDocument,
  SalesDocumentBody,
  SalesDocumentInput,
  SalesDocumentKind,
  SalesDocumentLine,
  SalesDocumentLineBody,
  SalesDocumentResponse,
} from './types.js';

/**
 * Where a document of each kind can be (e-conomic REST docs, "Orders" and "Invoices"): order drafts
 * and draft invoices share one body (orders.drafts.post, invoices.drafts.post); a bookkeeper sends
 * an order (`/orders/sent`, with an archived copy in `/orders/archived`) or books an invoice
 * (`/invoices/booked`). All of them can be filtered by `references.other`. The first place is
 * where this tool creates and updates; a look-up prefers a document a bookkeeper moved on (sent,
 * booked) over a draft, and a sent order over its archived copy (the same order, same number).
 */
export interface Place {
  state: DocumentState;
  path: string;
  number: (doc: SalesDocumentResponse) => number | undefined;
}

const DRAFT_ORDERS: Place = { state: 'draft', path: '/orders/drafts', number: (doc) => doc.orderNumber };
const DRAFT_INVOICES: Place = { state: 'draft', path: '/invoices/drafts', number: (doc) => doc.draftInvoiceNumber };
const BOOKED_INVOICES: Place = { state: 'booked', path: '/invoices/booked', number: (doc) => doc.bookedInvoiceNumber };
export { DRAFT_INVOICES as DRAFT_INVOICE_PLACE, BOOKED_INVOICES as BOOKED_INVOICE_PLACE };
const CREATED_IN: Record<SalesDocumentKind, Place> = { order: DRAFT_ORDERS, 'draft-invoice': DRAFT_INVOICES };
const LOOKUP_ORDER: Record<SalesDocumentKind, readonly Place[]> = {
  order: [
    { state: 'sent', path: '/orders/sent', number: (doc) => doc.orderNumber },
    DRAFT_ORDERS,
    { state: 'archived', path: '/orders/archived', number: (doc) => doc.orderNumber },
  ],
  'draft-invoice': [BOOKED_INVOICES, DRAFT_INVOICES],
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

export function toSalesDocument(kind: SalesDocumentKind, place: Place, doc: SalesDocumentResponse): EconomicSalesDocument {
  const number = place.number(doc);
  if (number === undefined) throw new TypeError(`e-conomic ${kind} without a number: ${doc.self}`);
  // LOOKUP_ORDER lists only the states a document of this kind can be in.
  const where = { kind, state: place.state, number } as DocumentPlace;
  return {
    ...where,
    date: doc.date,
    currency: doc.currency,
    customerNumber: doc.customer.customerNumber,
    recipient: { name: doc.recipient.name, vatZoneNumber: doc.recipient.vatZone.vatZoneNumber },
    reference: doc.references?.other,
    netAmount: toMinor(doc.netAmount),
    vatAmount: toMinor(doc.vatAmount),
    grossAmount: toMinor(doc.grossAmount),
    roundingAmount: toMinor(doc.roundingAmount ?? 0),
    self: doc.self,
  };
}

function toSalesDocumentLine(line: SalesDocumentLineBody): SalesDocumentLine {
  return {
    productNumber: line.product.productNumber,
    description: line.description,
    quantity: line.quantity,
    unitNetPrice: toMinor(line.unitNetPrice),
    ...(line.discountPercentage === undefined ? {} : { discountPercentage: line.discountPercentage }),
    ...(line.unit === undefined ? {} : { unitNumber: line.unit.unitNumber }),
  };
}

export function salesDocumentsApi(http: HttpClient, kind: SalesDocumentKind) {
  const created = CREATED_IN[kind];
  const { path } = created;
  const places = LOOKUP_ORDER[kind];
  const placeOf = (state: DocumentState): Place => {
    const place = places.find((candidate) => candidate.state === state);
    if (!place) throw new TypeError(`an e-conomic ${kind} is never ${state}`);
    return place;
  };
  const { units } = lookupsApi(http);
  /** Unit names for the PUT body, read only when a line has a unit. */
  const unitNamesFor = async (input: SalesDocumentInput): Promise<Map<number, string>> =>
    input.lines.some((line) => line.unitNumber !== undefined)
      ? new Map((await units()).map((unit) => [unit.unitNumber, unit.name]))
      : new Map();
  return {
    create: async (input: SalesDocumentInput, options: CreateOptions = {}): Promise<EconomicSalesDocument> =>
      toSalesDocument(kind, created, await createResource<SalesDocumentResponse>(http, path, salesDocumentBody(input), options)),

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
        return toSalesDocument(kind, created, (await http.request<SalesDocumentResponse>({ method: 'PUT', path: `${path}/${number}`, body })).data);
      } catch (error) {
        // Booked or sent between the read and the write.
        if (isSyncHttpError(error) && error.kind === 'not-found') return undefined;
        throw error;
      }
    },

    /**
     * Deletes draft `number` (`DELETE /orders/drafts/{n}`, `/invoices/drafts/{n}`: e-conomic REST docs,
     * "Orders" and "Invoices"); false when it is no longer a draft (deleted, sent or booked already).
     */
    delete: async (number: number): Promise<boolean> => {
      try {
        await http.request({ method: 'DELETE', path: `${path}/${number}` });
        return true;
      } catch (error) {
        if (isSyncHttpError(error) && error.kind === 'not-found') return false;
        throw error;
      }
    },

    /** The document with this number where it is in `state` (a draft unless told), with its lines' totals. */
    get: async (number: number, state: DocumentState = 'draft'): Promise<EconomicSalesDocument | undefined> => {
      const place = placeOf(state);
      const doc = await getOrUndefined<SalesDocumentResponse>(http, `${place.path}/${number}`);
      return doc && toSalesDocument(kind, place, doc);
    },

    /**
     * The lines of the document with this number where it is in `state`, as they were made (a booked
     * invoice's, to credit it whole); undefined when it is not there.
     */
    lines: async (number: number, state: DocumentState = 'draft'): Promise<SalesDocumentLine[] | undefined> => {
      const doc = await getOrUndefined<SalesDocumentResponse>(http, `${placeOf(state).path}/${number}`);
      return doc && (doc.lines ?? []).map(toSalesDocumentLine);
    },

    /**
     * The document whose `references.other` is exactly this text, wherever it is now (drafts, sent
     * or archived orders; draft or booked invoices). When, against every rule, there are several:
     * the preferred place, then the lowest number. An escaped `$eq:`, never `$like:` (which means
     * "contains"); the API compares case-insensitively, so the text is compared again here, exactly.
     */
    findByReference: async (reference: string): Promise<EconomicSalesDocument | undefined> =>
      (await findByReferences([reference])).get(reference),

    findByReferences,

    /**
     * The documents whose `references.other` contains this text (`$like:`, which means "contains" and
     * compares case-insensitively: e-conomic REST docs, "Filtering"), wherever they are; the caller
     * picks the exact ones.
     */
    async findByReferenceContaining(text: string): Promise<EconomicSalesDocument[]> {
      const filter = filterCondition('references.other', '$like:', text);
      const listed = await Promise.all(places.map(async (place) => (await collectAll(listAll<SalesDocumentResponse>(http, place.path, filter))).map((doc) => toSalesDocument(kind, place, doc))));
      return listed.flat();
    },

    /**
     * Every document of this kind dated `from` to `to` (business dates, `YYYY-MM-DD`, both
     * included), wherever it is (drafts, sent, archived orders; draft and booked invoices), place
     * by place in the look-up's order, a page of up to 1000 at a time: `date$gte:…$and:date$lte:…`
     * (e-conomic REST docs, "Filtering"; `date` is filterable on every document collection). A sent
     * order comes twice, once sent and once as its archived copy, under the same number.
     */
    async *dated(from: string, to: string): AsyncIterable<EconomicSalesDocument> {
      const filter = `${filterCondition('date', '$gte:', from)}$and:${filterCondition('date', '$lte:', to)}`;
      for (const place of places) {
        for await (const doc of listAll<SalesDocumentResponse>(http, place.path, filter)) yield toSalesDocument(kind, place, doc);
      }
    },
  };

  /**
   * The documents carrying these references, by reference, wherever each is now: `$eq:` conditions
   * joined by `$or:` (e-conomic REST docs, "Filtering"), a few dozen to a call so the URL stays
   * short. Cost: one filtered list call per place per chunk of references, the places asked at
   * once: 3 calls an order chunk (drafts, sent, archived), 2 an invoice chunk (drafts, booked),
   * each a call against the agreement's token bucket and its 50,000 calls a day (plus a call more
   * only for a place with over 1000 matches). For a page of 100 orders: 15 calls instead of 5.
   */
  async function findByReferences(references: readonly string[]): Promise<Map<string, EconomicSalesDocument>> {
    const found = new Map<string, { rank: number; document: EconomicSalesDocument }>();
    for (let start = 0; start < references.length; start += REFERENCES_PER_CALL) {
      const chunk = references.slice(start, start + REFERENCES_PER_CALL);
      const filter = chunk.map((reference) => filterCondition('references.other', '$eq:', reference)).join('$or:');
      const wanted = new Set(chunk);
      const listed = await Promise.all(places.map((place) => collectAll(listAll<SalesDocumentResponse>(http, place.path, filter))));
      listed.forEach((docs, rank) => {
        const place = places[rank] as Place;
        for (const doc of docs) {
          const reference = doc.references?.other;
          if (reference === undefined || !wanted.has(reference)) continue;
          const document = toSalesDocument(kind, place, doc);
          const known = found.get(reference);
          if (!known || rank < known.rank || (rank === known.rank && document.number < known.document.number)) found.set(reference, { rank, document });
        }
      });
    }
    return new Map([...found].map(([reference, { document }]) => [reference, document]));
  }
}

/** References in one `$or:` filter: each is up to 250 characters, escaped (e-conomic `references.other`). */
const REFERENCES_PER_CALL = 20;
