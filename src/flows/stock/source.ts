import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { RackbeatStockProduct, StockQuantities } from '../../connectors/rackbeat/stock.js';
import type { LegSource, SourceRecord } from '../../engine/leg.js';

/** A Rackbeat product's stock, in the account or at `stock.locationNumber`. Its id and number are the product number: the SKU. */
export interface StockRecord extends SourceRecord, StockQuantities {
  number: string;
}

/**
 * Every Rackbeat product, every run (pages of 1000): Rackbeat does not document that a stock move
 * touches a product's `updated_at` (see connectors/rackbeat/stock.ts), so there is no cursor to
 * trust, and the engine compares each level with the one last written instead. With a location,
 * each product's stock there is one more call.
 *
 * Rackbeat's times are not read, and every record carries the same fixed time: a cursor would
 * ignore them, and a time that moved each run would read as a change to every parked failure,
 * retrying it each run instead of after its backoff.
 */
const NO_TIME = new Date(0);

export function rackbeatStockSource(rackbeat: RackbeatClient, instance: string, locationNumber: number | undefined): LegSource<StockRecord> {
  const atLocation = async (record: StockRecord): Promise<StockRecord> =>
    locationNumber === undefined ? record : { ...record, ...(await rackbeat.stock.atLocation(record.number, locationNumber)) };
  return {
    system: 'rackbeat',
    instance,
    async *changedSince() {
      for await (const page of rackbeat.stock.allProducts()) yield await Promise.all(page.map((product) => atLocation(stockRecord(product))));
    },
    async fetchOne(number) {
      const product = await rackbeat.product(number);
      if (!product) return undefined;
      return atLocation(stockRecord({ number: product.number, inStock: product.stockQuantity, available: product.availableQuantity }));
    },
  };
}

function stockRecord(product: RackbeatStockProduct): StockRecord {
  return {
    id: product.number,
    number: product.number,
    createdAt: NO_TIME,
    modifiedAt: NO_TIME,
    inStock: product.inStock,
    available: product.available,
  };
}
