import type { HttpClient } from '../http/types.js';
import type { FulfilmentPlan, FulfilmentResult, FulfilmentWrite, FulfilOptions, Shipment, ShopOrderRef } from '../webshop.js';
import type { WooOrder } from './types.js';

/**
 * Fulfilment on WooCommerce, which has no shipments of its own (WooCommerce REST API docs, Orders): an order note with the
 * tracking and the shipment's reference (`customer_note: true` mails it to the customer), then,
 * once every line has shipped, the order status (default `completed`, which sends WooCommerce's
 * completed-order mail). The notes are read first and a note carrying the reference is never added
 * again; the status is set only when it is not already. The note goes first: a run that stops
 * between the two finds the note and sets the status only.
 */
const API = '/wp-json/wc/v3';
const REFUSED_STATUSES = new Set(['cancelled', 'refunded', 'failed', 'trash']);
const DEFAULT_COMPLETED = 'completed';

interface WooNote {
  id: number;
  note: string;
  customer_note: boolean;
}

/** The line of a note that names the shipment; exact, so another shipment's note never matches. */
export function referenceLine(reference: string): string {
  return `Reference: ${reference}`;
}

export function shipmentNote(shipment: Shipment, complete: boolean): string {
  const tracking = shipment.tracking;
  const carrier = [tracking?.company, tracking?.number].filter((part) => part && part.trim() !== '').join(' ');
  const trackingLine = carrier || tracking?.url ? `Tracking: ${[carrier, tracking?.url].filter(Boolean).join(' \u2013 ')}` : undefined;
  return [complete ? 'Your order has been shipped.' : 'Part of your order has been shipped.', trackingLine, referenceLine(shipment.reference)]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

export function wooFulfilment(http: HttpClient) {
  async function plan(order: ShopOrderRef, shipment: Shipment, options: FulfilOptions): Promise<FulfilmentPlan> {
    const current = (await http.request<WooOrder>({ method: 'GET', path: `${API}/orders/${order.id}` })).data;
    if (REFUSED_STATUSES.has(current.status)) return { refused: `order ${order.number} is ${current.status} in WooCommerce`, complete: false, writes: [] };
    const shipped = new Map(shipment.shipped.map((line) => [line.lineId, line.quantity]));
    for (const lineId of shipped.keys()) {
      if (!current.line_items.some((item) => String(item.id) === lineId)) {
        throw new Error(`line ${lineId} of the shipment ${shipment.reference} is not on WooCommerce order ${order.number}`);
      }
    }
    const complete = current.line_items.every((item) => item.quantity <= 0 || (shipped.get(String(item.id)) ?? 0) >= item.quantity);
    const completedStatus = options.completedStatus ?? DEFAULT_COMPLETED;
    // Completed by hand already: adopt it, as Shopify's closed fulfillment orders are.
    if (complete && current.status === completedStatus) return { complete, writes: [] };
    const notes = (await http.request<WooNote[]>({ method: 'GET', path: `${API}/orders/${order.id}/notes` })).data;
    const writes: FulfilmentWrite[] = [];
    const marker = referenceLine(shipment.reference);
    if (!notes.some((note) => note.note.split(/\r?\n|<br\s*\/?>/).some((line) => line.trim() === marker))) {
      writes.push({ kind: 'note', text: shipmentNote(shipment, complete), customerNote: options.notifyCustomer ?? true });
    }
    if (complete) writes.push({ kind: 'status', status: completedStatus });
    return { complete, writes };
  }

  return {
    plan: (order: ShopOrderRef, shipment: Shipment, options: FulfilOptions = {}) => plan(order, shipment, options),

    async fulfil(order: ShopOrderRef, shipment: Shipment, options: FulfilOptions = {}): Promise<FulfilmentResult> {
      const planned = await plan(order, shipment, options);
      const ids: string[] = [];
      for (const write of planned.writes) {
        if (write.kind === 'note') {
          const note = await http.request<WooNote>({ method: 'POST', path: `${API}/orders/${order.id}/notes`, body: { note: write.text, customer_note: write.customerNote } });
          ids.push(String(note.data.id));
        } else if (write.kind === 'status') {
          await http.request<WooOrder>({ method: 'PUT', path: `${API}/orders/${order.id}`, body: { status: write.status } });
        }
      }
      return { ...planned, ids };
    },
  };
}
