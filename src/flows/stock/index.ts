import { ConfigError } from '../../config/errors.js';
import { UsageError } from '../../domain/errors.js';
import { legsOf } from '../../engine/leg.js';
import { checking, failed, passed } from '../checks.js';
import type { FlowDefinition } from '../flow.js';
import { locationProblem } from './location.js';
import { rackbeatToWebshopLeg } from './rackbeat-to-webshop.js';

const LOCATION_FIX = "Set one of those, or leave the key out for the whole account's stock.";

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
    const problem = await locationProblem(connections.rackbeat, settings);
    if (problem) throw new ConfigError([`stock.locationNumber: ${problem}. ${LOCATION_FIX}`]);
  },
  checks: async ({ connections, settings }) =>
    settings.locationNumber === undefined
      ? []
      : checking('stock.locationNumber', async () => {
          const problem = await locationProblem(connections.rackbeat, settings);
          const name = `stock.locationNumber ${settings.locationNumber}`;
          return problem ? failed(name, problem, LOCATION_FIX) : passed(name, 'Rackbeat location exists');
        }),
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
