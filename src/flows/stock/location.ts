import type { StockSettings } from '../../config/sections/stock.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';

/** What is wrong with `stock.locationNumber` (undefined: unset, or Rackbeat has it), naming the locations there are. */
export async function locationProblem(rackbeat: RackbeatClient, settings: Pick<StockSettings, 'locationNumber'>): Promise<string | undefined> {
  if (settings.locationNumber === undefined) return undefined;
  const locations = await rackbeat.stock.locations();
  if (locations.some((location) => location.number === settings.locationNumber)) return undefined;
  const known = locations.map((location) => `${location.number} (${location.name})`).join(', ') || 'none';
  return `Rackbeat has no location ${settings.locationNumber}; it has ${known}`;
}
