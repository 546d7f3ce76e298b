import type { HttpClient } from '../http/types.js';
import { changedSince } from './modified-listing.js';
import type { WooOrder } from './types.js';

/** Changed orders, oldest first (see modified-listing.ts). The default `any` is explicit: a narrower default would hide orders (WooCommerce REST API docs, Orders). */
export function changedWooOrders(http: HttpClient, since: Date, pageSize?: number): AsyncGenerator<WooOrder[]> {
  return changedSince<WooOrder>(http, { path: '/wp-json/wc/v3/orders', what: 'orders', filters: { status: 'any' } }, since, pageSize);
}
