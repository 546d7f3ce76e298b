import type { EconomicClient } from '../../connectors/economic/client.js';
import type { EconomicSalesDocument } from '../../connectors/economic/types.js';
import type { ShopOrder, Webshop } from '../../connectors/webshop.js';
import type { LegSource, SourceRecord } from '../../engine/leg.js';
import { parseEconomicReference } from '../../mapping/orders/references.js';

/**
 * The source of a leg of webshop events on transferred orders (refunds, cancellations): it reads the
 * shop's changed orders and yields the few records they carry (`recordsOf`), so it is sparse (its
 * checkpoint moves to where it saw everything) and not one a selected run (`--order`) names.
 */
export function shopEventSource<R extends SourceRecord>(
  webshop: Webshop,
  shopInstance: string,
  recordsOf: (order: ShopOrder) => Promise<R[]>,
  fetchOne: (id: string) => Promise<R | undefined>,
): LegSource<R> {
  return {
    system: webshop.platform,
    instance: shopInstance,
    selectable: false,
    sparse: true,
    async *changedSince(since) {
      for await (const page of webshop.changedOrders(since)) {
        const records = (await Promise.all(page.map(recordsOf))).flat();
        if (records.length > 0) yield records;
      }
    },
    fetchOne,
    clockSkewMs: () => webshop.clockSkewMs(),
  };
}

/**
 * The e-conomic documents made from a webshop order, wherever they are: their reference names the
 * shop and the order (`rackbeat:5512 woocommerce:1042`), searched as contained text and then compared
 * exactly. Orders (drafts, sent, archived) and invoices (drafts, booked) as asked.
 */
export async function documentsOfShopOrder(
  economic: EconomicClient,
  order: Pick<ShopOrder, 'platform' | 'number'>,
  kinds: ReadonlyArray<'orderDrafts' | 'draftInvoices'>,
): Promise<EconomicSalesDocument[]> {
  const text = `${order.platform}:${order.number}`;
  const found = (await Promise.all(kinds.map((kind) => economic[kind].findByReferenceContaining(text)))).flat();
  return found.filter((document) => {
    const shop = parseEconomicReference(document.reference)?.shop;
    return shop?.platform === order.platform && shop.orderNumber === order.number;
  });
}
