import { ConfigError } from '../../config/errors.js';
import { UsageError } from '../../domain/errors.js';
import { legsOf } from '../../engine/leg.js';
import type { FlowDefinition } from '../flow.js';
import { rackbeatToWebshopLeg } from './rackbeat-to-webshop.js';

/**
 * `iex-sync stock`: Rackbeat's stock levels → the webshop, as absolute levels, only what changed.
 * Every product is read every run, so there is no cut-over date and no cursor: the engine starts
 * at the beginning each time and compares.
 */
export const stockFlow: FlowDefinition<'webshop' | 'rackbeat', 'stock'> = {
  name: 'stock',
  section: 'stock',
  roles: ['webshop', 'rackbeat'],
  summary: 'Rackbeat stock levels → the webshop, only what changed',
  engineSettings: () => ({ startFrom: new Date(0), lookbackMs: Number.MAX_SAFE_INTEGER }),
  legs({ connections, instances, settings }) {
    return legsOf(rackbeatToWebshopLeg(connections.rackbeat, instances.rackbeat, connections.webshop, settings));
  },
  async checkSettings({ connections, settings }) {
    if (settings.locationNumber === undefined) return;
    const locations = await connections.rackbeat.stock.locations();
    if (locations.some((location) => location.number === settings.locationNumber)) return;
    const known = locations.map((location) => `${location.number} (${location.name})`).join(', ') || 'none';
    throw new ConfigError([
      `stock.locationNumber: Rackbeat has no location ${settings.locationNumber}; it has ${known}. Set one of those, or leave the key out for the whole account's stock.`,
    ]);
  },
  async checkSelection({ connections }, skus) {
    for (const sku of skus) {
      if (!(await connections.rackbeat.product(sku))) {
        throw new UsageError(`Rackbeat has no product ${sku}`, 'give the product number exactly as Rackbeat shows it (it is the SKU in the shop)');
      }
    }
  },
  dryRunNote(result) {
    const levels = result.legs.flatMap((leg) => leg.records.filter((record) => record.outcome === 'dry-run'));
    if (levels.length === 0) return undefined;
    return ['levels it would set:', ...levels.map((record) => `  ${record.sourceId}: ${record.message ?? ''}`)].join('\n');
  },
};
