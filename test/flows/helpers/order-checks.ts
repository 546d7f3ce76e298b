import { expect } from 'vitest';
import { toMinor, type Minor } from '../../../src/domain/money.js';
import type { SimRecord } from '../../../src/sandbox/economic/state.js';
import type { SimOrder as RackbeatSimOrder } from '../../../src/sandbox/rackbeat/records.js';
import type { ShopOrderFacts } from '../world/shop-drivers.js';
import type { FlowWorld } from '../world/world.js';

/**
 * What the order flow left in the simulators, read from their state (not from our store), spelt
 * out here rather than imported from the code under test: the Rackbeat `heading`
 * (`WooCommerce order #1042`) and the e-conomic `references.other` (`rackbeat:5001 woocommerce:1042`).
 */
const PLATFORM_LABEL = { woocommerce: 'WooCommerce', shopify: 'Shopify' } as const;

/** The shop's orders the flow must transfer: eligible and created at or after `startFrom`. */
export function eligibleOrders(world: FlowWorld): ShopOrderFacts[] {
  const startFrom = world.startFrom.getTime();
  return world.shop.orders().filter((order) => order.eligible && order.createdAt >= startFrom);
}

/** The heading leg 1 gives a shop order's Rackbeat order; with an empty number, the prefix every such heading has. */
export function shopOrderHeading(world: FlowWorld, shopOrderNumber: string): string {
  return `${PLATFORM_LABEL[world.platform]} order #${shopOrderNumber}`;
}

export function rackbeatOrdersOf(world: FlowWorld, shopOrderNumber: string): RackbeatSimOrder[] {
  const heading = shopOrderHeading(world, shopOrderNumber);
  return [...world.rackbeat.state.orders.values()].filter((order) => order.heading === heading);
}

export function economicDocumentsOf(world: FlowWorld, reference: string): SimRecord[] {
  return [...world.economic.state.orderDrafts.values()].filter(
    (document) => (document.references as { other?: unknown } | undefined)?.other === reference,
  );
}

export interface TransferredOrder {
  rackbeat: RackbeatSimOrder;
  document: SimRecord;
}

/** The shop order is exactly once in Rackbeat (booked) and exactly once in e-conomic; returns both. */
export function expectTransferredOnce(world: FlowWorld, shopOrderNumber: string): TransferredOrder {
  const inRackbeat = rackbeatOrdersOf(world, shopOrderNumber);
  expect(inRackbeat, `Rackbeat orders of shop order ${shopOrderNumber}`).toHaveLength(1);
  const rackbeat = inRackbeat[0]!;
  expect(rackbeat.bookedAt, `Rackbeat order ${rackbeat.number} booked`).not.toBeNull();
  const documents = economicDocumentsOf(world, `rackbeat:${rackbeat.number} ${world.shop.platform}:${shopOrderNumber}`);
  expect(documents, `e-conomic documents of shop order ${shopOrderNumber}`).toHaveLength(1);
  return { rackbeat, document: documents[0]! };
}

/** Neither Rackbeat nor e-conomic has anything of this shop order. */
export function expectNotTransferred(world: FlowWorld, shopOrderNumber: string): void {
  expect(rackbeatOrdersOf(world, shopOrderNumber), `Rackbeat orders of shop order ${shopOrderNumber}`).toHaveLength(0);
  const documents = [...world.economic.state.orderDrafts.values()].filter((document) =>
    String((document.references as { other?: unknown } | undefined)?.other ?? '').endsWith(`${world.shop.platform}:${shopOrderNumber}`),
  );
  expect(documents, `e-conomic documents of shop order ${shopOrderNumber}`).toHaveLength(0);
}

/** How many customers with this e-mail (case-insensitive) each back-office system has. */
export function customerCounts(world: FlowWorld, email: string): { rackbeat: number; economic: number } {
  const same = (value: unknown) => typeof value === 'string' && value.toLowerCase() === email.toLowerCase();
  return {
    rackbeat: [...world.rackbeat.state.customers.values()].filter((customer) => same(customer.email)).length,
    economic: [...world.economic.state.customers.values()].filter((customer) => same(customer.email)).length,
  };
}

/** Net and gross of the order in all three world, each as that system computes it. */
export function totalsEverywhere(world: FlowWorld, shopOrder: ShopOrderFacts, transferred: TransferredOrder) {
  const rackbeat = world.rackbeat.state.orderTotals(transferred.rackbeat);
  const amount = (field: string): Minor => toMinor(Number(transferred.document[field]));
  return {
    net: { shop: shopOrder.net, rackbeat: rackbeat.subtotal, economic: amount('netAmount') },
    gross: { shop: shopOrder.gross, rackbeat: rackbeat.total, economic: amount('grossAmount') },
  };
}
