import type { HttpClient } from '../http/types.js';
import { toSalesDocument, DRAFT_INVOICE_PLACE, BOOKED_INVOICE_PLACE } from './documents.js';
import { createResource, getOrUndefined } from './requests.js';
import type { CreateOptions, EconomicSalesDocument, SalesDocumentResponse } from './types.js';

/** How a booked invoice is sent at booking (invoices.booked.post `sendBy`): not at all, or as an e-invoice through NemHandel. */
export type SendBy = 'none' | 'EAN';

/** The body of `POST /invoices/booked` (invoices.booked.post.schema.json). */
export interface BookingBody {
  draftInvoice: { draftInvoiceNumber: number };
  sendBy: SendBy;
}

/** `{"draftInvoice": {...}}`: what an order's upgrade instructions answer. */
interface UpgradeTemplate {
  draftInvoice: Record<string, unknown>;
}

export function bookingBody(draftInvoiceNumber: number, sendBy: SendBy): BookingBody {
  return { draftInvoice: { draftInvoiceNumber }, sendBy };
}

/**
 * The order → invoice way of e-conomic's REST API (e-conomic REST docs, "Orders" and "Invoices";
 * TechTalk "Orders are now available on the REST API"): there is no upgrade verb; an order's
 * upgrade-instructions template is posted to `/invoices/drafts`, then the draft is booked under a
 * number of its own and disappears; a booked invoice's PDF is at `pdf.download`.
 */
export function invoicesApi(http: HttpClient) {
  return {
    /**
     * The draft-invoice body e-conomic makes of order `orderNumber` (a draft or a sent order), with
     * the invoice date set. Its `metaData` is left out: a public integration found it breaks the create.
     */
    async upgradeTemplate(orderNumber: number, where: 'draft' | 'sent', date: string): Promise<Record<string, unknown>> {
      const path = `/orders/${where === 'sent' ? 'sent' : 'drafts'}/${orderNumber}/templates/upgrade-instructions/draftInvoice`;
      const { data } = await http.request<UpgradeTemplate>({ method: 'GET', path });
      const { metaData: _meta, ...template } = data.draftInvoice;
      return { ...template, date };
    },

    /** `POST /invoices/drafts` with an upgrade template: the draft invoice, with the totals e-conomic computed. */
    async createDraft(body: Record<string, unknown>, options: CreateOptions = {}): Promise<EconomicSalesDocument> {
      return toSalesDocument('draft-invoice', DRAFT_INVOICE_PLACE, await createResource<SalesDocumentResponse>(http, '/invoices/drafts', body, options));
    },

    /** `POST /invoices/booked`: the booked invoice under its final number; the draft is gone. */
    async book(body: BookingBody, options: CreateOptions = {}): Promise<EconomicSalesDocument> {
      return toSalesDocument('draft-invoice', BOOKED_INVOICE_PLACE, await createResource<SalesDocumentResponse>(http, '/invoices/booked', body, options));
    },

    /** A booked invoice's unpaid `remainder` (read-only; the gross amount until a payment is booked), or undefined when there is none. */
    async remainder(bookedInvoiceNumber: number): Promise<number | undefined> {
      return (await getOrUndefined<{ remainder?: number }>(http, `/invoices/booked/${bookedInvoiceNumber}`))?.remainder;
    },

    /** The booked invoice as a PDF (`/invoices/booked/{n}/pdf`). */
    async pdf(bookedInvoiceNumber: number): Promise<Buffer> {
      return (await http.request<Buffer>({ method: 'GET', path: `/invoices/booked/${bookedInvoiceNumber}/pdf`, responseType: 'bytes', headers: { Accept: 'application/pdf' } })).data;
    },
  };
}
