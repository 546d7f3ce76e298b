import type { RackbeatProduct } from '../../connectors/rackbeat/types.js';
import { UsageError } from '../../domain/errors.js';
import { legsOf } from '../../engine/leg.js';
import type { FlowDefinition } from '../flow.js';
import { MadeThisRun } from '../made-this-run.js';
import { productsChecks } from './checks.js';
import { rackbeatToEconomicLeg } from './rackbeat-to-economic.js';
import { productsStartFrom } from './settings.js';
import { PRODUCT_LEGS } from './steps.js';
import { webshopToRackbeatLeg } from './webshop-to-rackbeat.js';

/**
 * `iex-sync products`: leg 1, webshop products and variants with a SKU → Rackbeat products
 * numbered by it; leg 2, Rackbeat products, whoever made them → e-conomic products of the same
 * number. Both adopt a product that exists already, and keep `products.update`'s fields in step.
 */
export const productsFlow: FlowDefinition<'webshop' | 'rackbeat' | 'economic', 'products'> = {
  name: 'products',
  section: 'products',
  roles: ['webshop', 'rackbeat', 'economic'],
  summary: 'webshop products → Rackbeat products (by SKU), then Rackbeat products → e-conomic products',
  engineSettings: (settings, timezone) => ({
    startFrom: productsStartFrom(settings.startFrom, timezone),
    lookbackMs: settings.lookbackMinutes * 60_000,
  }),
  legs({ connections, instances, settings, timezone }) {
    const legSettings = { ...settings, timezone };
    // What leg 1 makes or finds in Rackbeat, handed to leg 2 without a second read.
    const made = new MadeThisRun<RackbeatProduct>((product) => product.number);
    return legsOf(
      webshopToRackbeatLeg(connections.webshop, instances.webshop, connections.rackbeat, legSettings, made),
      rackbeatToEconomicLeg(connections.rackbeat, instances.rackbeat, connections.economic, legSettings, made),
    );
  },
  checks: productsChecks,
  async checkSelection({ connections }, skus) {
    const found = new Set((await connections.webshop.productsBySku(skus)).map((item) => item.sku));
    const missing = skus.filter((sku) => !found.has(sku));
    if (missing.length > 0) {
      throw new UsageError(`the webshop has no product with SKU ${missing.join(', ')}`, 'give the SKU exactly as the shop shows it (case and spaces count)');
    }
  },
  dryRunNote(result) {
    const planned = result.legs.find((leg) => leg.leg === PRODUCT_LEGS.webshopRackbeat)?.counts.dryRun ?? 0;
    if (planned === 0) return undefined;
    return `note: the ${planned} products planned for Rackbeat would also reach e-conomic in the same run (leg 2 sees them once they exist)`;
  },
};
