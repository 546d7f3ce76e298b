import type { EconomicClient } from '../../connectors/economic/client.js';
import { documentKey } from '../../connectors/economic/document-key.js';
import type { EconomicSalesDocument } from '../../connectors/economic/types.js';
import type { Mailer } from '../../connectors/mail/mailer.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { ShopOrder, Webshop } from '../../connectors/webshop.js';
import type { TargetDoc } from '../../engine/leg.js';
import { economicReference, parseRackbeatHeading } from '../../mapping/orders/references.js';
import type { RackbeatOrderRecord } from './rackbeat-to-economic.js';
import type { OrdersLegSettings } from './settings.js';

/** What the invoice steps share in one run: the systems, the settings and what was read already. */
export interface InvoiceContext {
  rackbeat: RackbeatClient;
  economic: EconomicClient;
  webshop: Webshop;
  mailer: Mailer | undefined;
  settings: OrdersLegSettings;
  /** Whether the record's invoice steps are due: at once (`when: booked`) or once the Rackbeat order is fully shipped. */
  due(record: RackbeatOrderRecord): boolean;
  /** The e-conomic reference of the record's documents (`references.other`). */
  reference(record: RackbeatOrderRecord): string;
  /** The webshop order the Rackbeat order came from (read once a run), or undefined when it came from elsewhere. */
  shopOrderOf(record: RackbeatOrderRecord): Promise<ShopOrder | undefined>;
  /** The webshop order's number, when the Rackbeat order came from this shop. */
  shopNumberOf(record: RackbeatOrderRecord): string | undefined;
  /** e-conomic documents made or read in this run, by their key, so a later step need not read them again. */
  documents: Map<string, EconomicSalesDocument>;
  /** A document as a step's target, remembered for the steps after it. */
  placed(document: EconomicSalesDocument): TargetDoc;
}

export function invoiceContext(systems: Pick<InvoiceContext, 'rackbeat' | 'economic' | 'webshop' | 'mailer' | 'settings'>): InvoiceContext {
  const { webshop, settings } = systems;
  const shopOrders = new Map<string, Promise<ShopOrder | undefined>>();
  const documents = new Map<string, EconomicSalesDocument>();
  const shopNumberOf = (record: RackbeatOrderRecord): string | undefined => {
    const origin = parseRackbeatHeading(record.order.heading);
    return origin?.platform === webshop.platform ? origin.orderNumber : undefined;
  };
  return {
    ...systems,
    due: (record) => settings.invoice.when === 'booked' || (settings.invoice.when === 'shipped' && record.order.isShipped),
    reference: (record) => economicReference(record.order.number, record.order.heading),
    shopNumberOf,
    shopOrderOf(record) {
      const number = shopNumberOf(record);
      if (number === undefined) return Promise.resolve(undefined);
      let order = shopOrders.get(number);
      if (!order) shopOrders.set(number, (order = webshop.orderByNumber(number)));
      return order;
    },
    documents,
    placed(document) {
      const key = documentKey(document);
      documents.set(key, document);
      return { id: key, number: String(document.number) };
    },
  };
}
