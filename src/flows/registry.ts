import type { Role } from '../connectors/connections.js';
import type { SectionName } from '../config/sections/index.js';
import type { FlowDefinition } from './flow.js';
import { ordersFlow } from './orders/index.js';
import { productsFlow } from './products/index.js';
import { stockFlow } from './stock/index.js';

/**
 * Every flow, in the order `iex-sync run` runs them (README, "Running it for real"): products
 * first, so the orders after them find their products; orders (with invoices and fulfilment);
 * stock last, after the orders that moved it. A new flow is one line here.
 */
export const FLOWS: ReadonlyArray<FlowDefinition<Role, SectionName>> = [productsFlow, ordersFlow, stockFlow];
