import type { EconomicSalesDocument } from '../../connectors/economic/types.js';
import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';
import type { ShopOrder } from '../../connectors/webshop.js';
import { formatMinor } from '../../domain/money.js';
import { parseEconomicReference, parseRackbeatHeading } from '../../mapping/orders/references.js';
import type { LoggedStep } from '../reconcile.js';
import { differingTotals, rackbeatTotals, type DocumentTotals } from './check-totals.js';

/**
 * The order chain as `reconcile` compares it: what each system holds of one order, kept small
 * (a month of a busy shop is held by reference, not as whole records), and the comparisons of
 * one hop, which say in words what differs. Pure: no I/O.
 */

export interface RackbeatSummary {
  number: number;
  /** The webshop order its heading names (leg 1's reference), when it names one of this shop's platform. */
  shopNumber: string | undefined;
  customerNumber: number;
  email: string | undefined;
  currency: string;
  totals: DocumentTotals;
  lineCount: number;
  /** Units per product number, service lines (shipping, fees, discounts) left out. */
  quantities: Map<string, number>;
  booked: boolean;
  cancelled: boolean;
  createdAt: Date;
}

export interface DocumentSummary {
  /** `order draft 7`, `booked invoice 12`. */
  label: string;
  /** One document however many places show it: a sent order and its archived copy are one. */
  identity: string;
  kind: EconomicSalesDocument['kind'];
  state: EconomicSalesDocument['state'];
  /** Later states first: booked and sent before drafts, before an archived copy. */
  rank: number;
  number: number;
  rackbeatNumber: number;
  shopNumber: string | undefined;
  customerNumber: number;
  currency: string;
  totals: DocumentTotals;
}

const STATE_LABELS: Record<string, string> = {
  'order:draft': 'order draft',
  'order:sent': 'sent order',
  'order:archived': 'archived order',
  'draft-invoice:draft': 'draft invoice',
  'draft-invoice:booked': 'booked invoice',
};
const STATE_RANKS: Record<string, number> = { 'order:sent': 0, 'order:draft': 1, 'order:archived': 2, 'draft-invoice:booked': 0, 'draft-invoice:draft': 1 };

export function summariseRackbeatOrder(order: RackbeatOrder, platform: string, serviceProducts: ReadonlySet<string>): RackbeatSummary {
  const heading = parseRackbeatHeading(order.heading);
  const quantities = new Map<string, number>();
  for (const line of order.lines) {
    if (!serviceProducts.has(line.sku)) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  }
  return {
    number: order.number,
    shopNumber: heading?.platform === platform ? heading.orderNumber : undefined,
    customerNumber: order.customerNumber,
    email: order.billingAddress?.email?.trim().toLowerCase() || undefined,
    currency: order.currency,
    totals: rackbeatTotals(order),
    lineCount: order.lines.length,
    quantities,
    booked: order.isBooked,
    cancelled: order.isCancelled,
    createdAt: order.createdAt,
  };
}

/** Undefined for a document that carries no reference of ours (made by hand for something else). */
export function summariseDocument(document: EconomicSalesDocument, platform: string): DocumentSummary | undefined {
  const reference = parseEconomicReference(document.reference);
  if (!reference) return undefined;
  const place = `${document.kind}:${document.state}`;
  const label = STATE_LABELS[place] ?? place;
  return {
    label: `${label} ${document.number}`,
    identity: document.kind === 'order' ? `order ${document.number}` : `${label} ${document.number}`,
    kind: document.kind,
    state: document.state,
    rank: STATE_RANKS[place] ?? 3,
    number: document.number,
    rackbeatNumber: reference.rackbeatOrderNumber,
    shopNumber: reference.shop?.platform === platform ? reference.shop.orderNumber : undefined,
    customerNumber: document.customerNumber,
    currency: document.currency,
    totals: { net: document.netAmount, vat: document.vatAmount, gross: document.grossAmount },
  };
}

/** The distinct documents among these (a sent order's archived copy is the same order), the preferred kind first, then the later state. */
export function distinctDocuments(documents: readonly DocumentSummary[], preferredKind: DocumentSummary['kind']): DocumentSummary[] {
  const byIdentity = new Map<string, DocumentSummary>();
  for (const document of documents) {
    const known = byIdentity.get(document.identity);
    if (!known || document.rank < known.rank) byIdentity.set(document.identity, document);
  }
  return [...byIdentity.values()].sort(
    (a, b) => Number(b.kind === preferredKind) - Number(a.kind === preferredKind) || a.rank - b.rank || a.number - b.number,
  );
}

/** Documents made twice: more than one of one kind (an order that became an invoice is one of each, not a double). */
export function doubledKinds(documents: readonly DocumentSummary[]): DocumentSummary[][] {
  const byKind = new Map<string, DocumentSummary[]>();
  for (const document of documents) byKind.set(document.kind, [...(byKind.get(document.kind) ?? []), document]);
  return [...byKind.values()].filter((group) => group.length > 1);
}

const FIGURE_NAMES = { net: 'net', vat: 'VAT', gross: 'gross' } as const;

/** `net 1000.00 in Rackbeat, 1100.00 in the shop`, per figure that differs beyond rounding. */
function totalsDiffer(target: DocumentTotals, targetName: string, source: DocumentTotals, sourceName: string, lineCount: number, figures: ReadonlyArray<keyof DocumentTotals>): string[] {
  return differingTotals(target, source, lineCount)
    .filter(({ key }) => figures.includes(key))
    .map(({ key }) => `${FIGURE_NAMES[key]} ${formatMinor(target[key])} in ${targetName}, ${formatMinor(source[key])} in ${sourceName}`);
}

/** What differs between a webshop order and its Rackbeat order: net and gross, currency, the buyer's e-mail, units per SKU. */
export function shopRackbeatDifferences(order: ShopOrder, rackbeat: RackbeatSummary): string[] {
  const shopTotals: DocumentTotals = { net: (order.totals.total - order.totals.tax) as DocumentTotals['net'], vat: order.totals.tax, gross: order.totals.total };
  const differences = totalsDiffer(rackbeat.totals, 'Rackbeat', shopTotals, 'the shop', rackbeat.lineCount, ['net', 'gross']);
  if (rackbeat.currency !== order.currency) differences.push(`currency ${rackbeat.currency} in Rackbeat, ${order.currency} in the shop`);
  // Leg 1 writes the billing address's own e-mail when it has one, else the buyer's.
  const email = (order.billing.email ?? order.customer.email).trim().toLowerCase();
  if (rackbeat.email !== undefined && email && rackbeat.email !== email) differences.push(`customer ${rackbeat.email} in Rackbeat, ${email} in the shop`);
  const shopUnits = new Map<string, number>();
  for (const line of order.lines) {
    const sku = line.sku?.trim();
    if (sku) shopUnits.set(sku, (shopUnits.get(sku) ?? 0) + line.quantity);
  }
  for (const sku of new Set([...shopUnits.keys(), ...rackbeat.quantities.keys()])) {
    const inShop = shopUnits.get(sku) ?? 0;
    const inRackbeat = rackbeat.quantities.get(sku) ?? 0;
    if (inShop !== inRackbeat) differences.push(`${sku}: ${inRackbeat} in Rackbeat, ${inShop} in the shop`);
  }
  return differences;
}

/** What differs between a Rackbeat order and its e-conomic document: net, VAT and gross, currency, the customer. */
export function rackbeatEconomicDifferences(rackbeat: RackbeatSummary, document: DocumentSummary, expectedCustomer: number | undefined): string[] {
  const differences = totalsDiffer(document.totals, 'e-conomic', rackbeat.totals, 'Rackbeat', rackbeat.lineCount, ['net', 'vat', 'gross']);
  if (document.currency !== rackbeat.currency) differences.push(`currency ${document.currency} in e-conomic, ${rackbeat.currency} in Rackbeat`);
  if (expectedCustomer !== undefined && document.customerNumber !== expectedCustomer) {
    differences.push(`customer ${document.customerNumber} in e-conomic, ${expectedCustomer} matched by iex-sync`);
  }
  return differences;
}

/** `#1042 1250.00 DKK processing`: a webshop order in a report row. */
export function describeShopOrder(order: ShopOrder): string {
  return `#${order.number} ${formatMinor(order.totals.total)} ${order.currency} ${order.status}`;
}

/** `5512 1250.00 DKK booked`, or several: `5512, 5530`. */
export function describeRackbeat(orders: readonly RackbeatSummary[]): string | undefined {
  if (orders.length === 0) return undefined;
  if (orders.length > 1) return `orders ${orders.map((order) => order.number).join(', ')}`;
  const [order] = orders as [RackbeatSummary];
  const state = order.cancelled ? 'cancelled' : order.booked ? 'booked' : 'draft';
  return `order ${order.number} ${formatMinor(order.totals.gross)} ${order.currency} ${state}`;
}

export function describeDocuments(documents: readonly DocumentSummary[]): string | undefined {
  if (documents.length === 0) return undefined;
  if (documents.length > 1) return documents.map((document) => document.label).join(', ');
  const [document] = documents as [DocumentSummary];
  return `${document.label} ${formatMinor(document.totals.gross)} ${document.currency}`;
}

/** `failed: line "Mug" has no SKU`: what the log says of a step that is not done, for a report row. */
export function describeLogged(step: LoggedStep | undefined): string | undefined {
  if (!step || step.status === 'ok') return undefined;
  return step.lastError ? `${step.status}: ${step.lastError}` : step.status;
}
