import type { SimRequest, SimRoute } from '../harness/types.js';
import { baseUrl } from './collection.js';
import { notFoundResponse } from './errors.js';
import { invoicePdf } from './invoice-pdf.js';
import { LAYOUTS } from './seed.js';
import type { EconomicSimState, SimRecord } from './state.js';

/** Where an order can be upgraded from (e-conomic REST docs, "Orders": drafts and sent orders have upgrade instructions). */
const UPGRADABLE = [
  { path: '/orders/drafts', collection: 'orderDrafts' },
  { path: '/orders/sent', collection: 'sentOrders' },
] as const;

/** What a draft invoice's create body can carry that an order has (invoices.drafts.post: the same field set). */
const TEMPLATE_FIELDS = ['date', 'currency', 'exchangeRate', 'dueDate', 'customer', 'layout', 'paymentTerms', 'recipient', 'delivery', 'notes', 'references', 'project', 'deliveryLocation'];

/**
 * The invoice side of the order → invoice way (e-conomic REST docs, "Orders" and "Invoices"; the
 * upgrade as e-conomic's TechTalk "Orders are now available on the REST API" describes it): the
 * templates an order and a draft invoice point at, and a booked invoice's PDF. The draft invoice
 * itself is made by `POST /invoices/drafts` with the template's `draftInvoice` (routes.ts), and
 * booked by `POST /invoices/booked` (routes.ts, state.ts).
 */
export function invoiceRoutes(state: EconomicSimState): SimRoute[] {
  const link = (request: SimRequest, path: string): string => `${baseUrl(request)}${path}`;
  const upgradeRoutes = UPGRADABLE.flatMap(({ path, collection }): SimRoute[] => [
    {
      method: 'GET',
      pattern: `${path}/:number/templates`,
      handler: (request) => {
        const number = Number(request.params.number);
        if (!state[collection].has(number)) return notFoundResponse('Order');
        const self = link(request, `${path}/${number}/templates`);
        return { status: 200, body: { upgradeInstructions: `${self}/upgrade-instructions/draftInvoice`, self } };
      },
    },
    {
      // `{"draftInvoice": {...}}`: the order as a draft invoice's create body, lines and references
      // kept, without the order's number, totals and links. A sent order has no layout
      // (orders.sent.orderNumber.get), so the customer's or the agreement's first layout is used.
      method: 'GET',
      pattern: `${path}/:number/templates/upgrade-instructions/draftInvoice`,
      handler: (request) => {
        const order = state[collection].get(Number(request.params.number));
        if (!order) return notFoundResponse('Order');
        return { status: 200, body: { draftInvoice: upgradeTemplate(state, order) } };
      },
    },
  ]);
  return [
    ...upgradeRoutes,
    {
      method: 'GET',
      pattern: '/invoices/drafts/:number/templates',
      handler: (request) => {
        const number = Number(request.params.number);
        if (!state.draftInvoices.has(number)) return notFoundResponse('Draft invoice');
        const self = link(request, `/invoices/drafts/${number}/templates`);
        return { status: 200, body: { bookingInstructions: `${self}/booking-instructions`, self } };
      },
    },
    {
      // invoices.drafts.draftInvoiceNumber.templates.booking-instructions.get: a ready body for POST /invoices/booked.
      method: 'GET',
      pattern: '/invoices/drafts/:number/templates/booking-instructions',
      handler: (request) => {
        const number = Number(request.params.number);
        if (!state.draftInvoices.has(number)) return notFoundResponse('Draft invoice');
        return {
          status: 200,
          body: {
            draftInvoice: { draftInvoiceNumber: number, self: link(request, `/invoices/drafts/${number}`) },
            self: link(request, `/invoices/drafts/${number}/templates/booking-instructions`),
          },
        };
      },
    },
    {
      // `pdf.download` of a booked invoice (e-conomic REST docs, "Invoices"): application/pdf.
      method: 'GET',
      pattern: '/invoices/booked/:number/pdf',
      handler: (request) => {
        const number = Number(request.params.number);
        const invoice = state.bookedInvoices.get(number);
        if (!invoice) return notFoundResponse('Booked invoice');
        const pdf = invoicePdf([
          `${state.agreement.company.name}`,
          `Invoice ${number}`,
          `Date ${String(invoice.date)}`,
          `To ${String((invoice.recipient as SimRecord | undefined)?.name ?? '')}`,
          `Total ${String(invoice.grossAmount)} ${String(invoice.currency)}`,
        ]);
        // ASCII only (invoicePdf escapes the rest), so the text is the bytes.
        return { status: 200, headers: { 'content-type': 'application/pdf' }, body: pdf.toString('latin1') };
      },
    },
  ];
}

function upgradeTemplate(state: EconomicSimState, order: SimRecord): SimRecord {
  const template: SimRecord = Object.fromEntries(Object.entries(order).filter(([key]) => TEMPLATE_FIELDS.includes(key)));
  const customer = state.customers.get((order.customer as SimRecord).customerNumber as number);
  template.layout ??= customer?.layout ?? { layoutNumber: LAYOUTS[0]?.layoutNumber };
  if (Array.isArray(order.lines)) {
    template.lines = (order.lines as SimRecord[]).map(({ totalNetAmount: _net, marginInBaseCurrency: _margin, marginPercentage: _percent, ...line }) => line);
  }
  return template;
}
