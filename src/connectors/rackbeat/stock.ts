import { allPages, getOne, type RackbeatContext } from './paging.js';
import { productPath } from './products.js';

/**
 * Reading Rackbeat's stock. Rackbeat is the stock master; the stock flow reads every product each
 * run, because nothing documents that a stock move (a shipment, a receipt, a count) moves the
 * product's `updated_at`: the Rackbeat API docs and SDKs are silent, and no webhook for stock
 * changes is confirmed either. So a `updated_at_from` cursor could miss exactly the changes that
 * matter, and the stock flow compares instead (the level last written is remembered per SKU).
 *
 * Quantities (Rackbeat's 2018 OpenAPI spec): `stock_quantity` is on hand, `in_order_quantity` is
 * reserved by booked orders, `available_quantity = stock_quantity − in_order_quantity`.
 */

/** The most rows a list call hands out (the laravel-rackbeat client documents max 1000). */
export const STOCK_PAGE_SIZE = 1000;

/**
 * Only the fields the stock flow reads (sparse `fields`, as both Rackbeat SDKs send it): pages of
 * 1000 stay small. Not the times: with no cursor to move they would only cost a time-zone
 * conversion each, twice per product and run.
 */
const PRODUCT_FIELDS = ['id', 'number', 'stock_quantity', 'in_order_quantity', 'available_quantity'];

interface ApiStockProduct {
  id: number;
  number: string;
  stock_quantity: number;
  in_order_quantity?: number;
  available_quantity?: number;
}

/** `GET /products/{number}/locations/{location}` → `product_location` (paths and key: the laravel-rackbeat client; row fields assumed like a product's). */
interface ApiProductLocation {
  stock_quantity?: number;
  in_order_quantity?: number;
  available_quantity?: number;
}

interface ApiLocation {
  number: number;
  name: string;
  is_default?: boolean;
  parent_id?: number | null;
}

/** Units of one product, in the whole account or at one location. */
export interface StockQuantities {
  /** On hand (`stock_quantity`). */
  inStock: number;
  /** On hand less what booked orders reserve (`available_quantity`). */
  available: number;
}

export interface RackbeatStockProduct extends StockQuantities {
  /** The product number: the SKU the webshop carries. */
  number: string;
}

export interface RackbeatLocation {
  number: number;
  name: string;
}

export interface RackbeatStockReader {
  /** Every product with its stock, a page of 1000 at a time, in a stable order (by id). */
  allProducts(): AsyncIterable<RackbeatStockProduct[]>;
  /** One product's stock at one location; zero where it has none (Rackbeat answers 404). */
  atLocation(number: string, locationNumber: number): Promise<StockQuantities>;
  /** The account's locations (`GET /locations`). */
  locations(): Promise<RackbeatLocation[]>;
}

export function rackbeatStock(context: RackbeatContext): RackbeatStockReader {
  const wide: RackbeatContext = { ...context, pageSize: STOCK_PAGE_SIZE };
  return {
    async *allProducts() {
      const query = { order_by: 'id', order_direction: 'ASC', fields: PRODUCT_FIELDS.join(',') };
      for await (const page of allPages<ApiStockProduct>(wide, '/products', 'products', query)) {
        yield page.map((api) => ({ number: String(api.number), ...quantities(api) }));
      }
    },
    async atLocation(number, locationNumber) {
      const row = await getOne<ApiProductLocation>(context, `${productPath(number)}/locations/${locationNumber}`, 'product_location');
      return row ? quantities(row) : { inStock: 0, available: 0 };
    },
    async locations() {
      const found: RackbeatLocation[] = [];
      for await (const page of allPages<ApiLocation>(context, '/locations', 'locations')) {
        found.push(...page.map((api) => ({ number: api.number, name: api.name })));
      }
      return found;
    },
  };
}

/** A row without `available_quantity` has it computed as Rackbeat defines it. */
function quantities(api: ApiProductLocation): StockQuantities {
  const inStock = api.stock_quantity ?? 0;
  return { inStock, available: api.available_quantity ?? inStock - (api.in_order_quantity ?? 0) };
}
