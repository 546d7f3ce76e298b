import { expect } from 'vitest';
import { toMinor, type Minor } from '../../../src/domain/money.js';
import type { SimRecord } from '../../../src/sandbox/economic/state.js';
import type { SimOrder as RackbeatSimOrder } from '../../../src/sandbox/rackbeat/records.js';
import type { FlowSystems } from './flow-setup.js';
import type { ShopOrderFacts } from './shop-drivers.js';

/**
 * What the order flow left in the simulators, read from their state (not from our store), spelt
 * out here rather than imported from the code under test: the Rackbeat `heading`
 * (`WooCommerce order #1042`) and the e-conomic `references.other` (`rackbeat:5001 woocommerce:1042`).
 */
const PLATFORM_LABEL = { woocommerce: 'WooCommerce', shopify: 'Shopify' } as const;

/** The shop's orders the flow must transfer: eligible and created at or after `startFrom`. */
export function eligibleOrders(systems: FlowSystems): ShopOrderFacts[] {
  const startFrom = Date.parse(systems.startFrom);
  return systems.shop.orders().filter((order) => order.eligible && order.createdAt >= startFrom);
}

export function rackbeatOrdersOf(systems: FlowSystems, shopOrderNumber: string): RackbeatSimOrder[] {
  const heading = `${PLATFORM_LABEL[systems.shop.platform]} order #${shopOrderNumber}`;
  return [...systems.rackbeat.state.orders.values()].filter((order) => order.heading === heading);
}

export function economicDocumentsOf(systems: FlowSystems, reference: string): SimRecord[] {
  return [...systems.economic.state.orderDrafts.values()].filter(
    (document) => (document.references as { other?: unknown } | undefined)?.other === reference,
  );
}

export interface TransferredOrder {
  rackbeat: RackbeatSimOrder;
  document: SimRecord;
}

/** The shop order is exactly once in Rackbeat (booked) and exactly once in e-conomic; returns both. */
export function expectTransferredOnce(systems: FlowSystems, shopOrderNumber: string): TransferredOrder {
  const inRackbeat = rackbeatOrdersOf(systems, shopOrderNumber);
  expect(inRackbeat, `Rackbeat orders of shop order ${shopOrderNumber}`).toHaveLength(1);
  const rackbeat = inRackbeat[0]!;
  expect(rackbeat.bookedAt, `Rackbeat order ${rackbeat.number} booked`).not.toBeNull();
  const documents = economicDocumentsOf(systems, `rackbeat:${rackbeat.number} ${systems.shop.platform}:${shopOrderNumber}`);
  expect(documents, `e-conomic documents of shop order ${shopOrderNumber}`).toHaveLength(1);
  return { rackbeat, document: documents[0]! };
}

/** Neither Rackbeat nor e-conomic has anything of this shop order. */
export function expectNotTransferred(systems: FlowSystems, shopOrderNumber: string): void {
  expect(rackbeatOrdersOf(systems, shopOrderNumber), `Rackbeat orders of shop order ${shopOrderNumber}`).toHaveLength(0);
  const documents = [...systems.economic.state.orderDrafts.values()].filter((document) =>
    String((document.references as { other?: unknown } | undefined)?.other ?? '').endsWith(`${systems.shop.platform}:${shopOrderNumber}`),
  );
  expect(documents, `e-conomic documents of shop order ${shopOrderNumber}`).toHaveLength(0);
}

/** How many customers with this e-mail (case-insensitive) each back-office system has. */
export function customerCounts(systems: FlowSystems, email: string): { rackbeat: number; economic: number } {
  const same = (value: unknown) => typeof value === 'string' && value.toLowerCase() === email.toLowerCase();
  return {
    rackbeat: [...systems.rackbeat.state.customers.values()].filter((customer) => same(customer.email)).length,
    economic: [...systems.economic.state.customers.values()].filter((customer) => same(customer.email)).length,
  };
}

/** Net and gross of the order in all three systems, each as that system computes it. */
export function totalsEverywhere(systems: FlowSystems, shopOrder: ShopOrderFacts, transferred: TransferredOrder) {
  const rackbeat = systems.rackbeat.state.orderTotals(transferred.rackbeat);
  const amount = (field: string): Minor => toMinor(Number(transferred.document[field]));
  return {
    net: { shop: shopOrder.net, rackbeat: rackbeat.subtotal, economic: amount('netAmount') },
    gross: { shop: shopOrder.gross, rackbeat: rackbeat.total, economic: amount('grossAmount') },
  };
}
