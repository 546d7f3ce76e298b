import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';
import { RecordError } from '../../engine/errors.js';
import { formatMinor, type Minor } from '../../domain/money.js';
import { roundingTolerance } from '../../mapping/orders/net-lines.js';

/** A document's totals: net of VAT, the VAT, and what the buyer pays. */
export interface DocumentTotals {
  net: Minor;
  vat: Minor;
  gross: Minor;
}

const FIGURES = [
  { key: 'net', label: 'a net total' },
  { key: 'vat', label: 'VAT' },
  { key: 'gross', label: 'a gross total' },
] as const;

/**
 * After a create, the target's net, VAT and gross totals must equal the source's to the øre,
 * allowing only the rounding of net unit prices: one øre per line on
 * net and VAT, their sum on gross. Otherwise the record fails with a hint and goes no further. A
 * net difference is a price problem; VAT and gross alone differing is a VAT problem, whose hint
 * (naming the zone and setting that made it) the caller gives.
 */
export function assertSameTotals(system: string, target: DocumentTotals, source: DocumentTotals, lineCount: number, vatHint: string): void {
  const differing = differingTotals(target, source, lineCount);
  if (differing.length === 0) return;
  const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items.join(''));
  const computed = list(differing.map(({ key, label }) => `${label} of ${formatMinor(target[key])}`));
  const says = list(differing.map(({ key }) => formatMinor(source[key])));
  throw new RecordError(
    `${system} computed ${computed}, the source says ${says}`,
    differing[0]?.key === 'net'
      ? `check the prices, VAT and discounts of these products in ${system}; the order was not sent further`
      : vatHint,
  );
}

/** The figures (net, VAT, gross) on which two documents differ beyond the rounding of `lineCount` lines' net unit prices. */
export function differingTotals(target: DocumentTotals, source: DocumentTotals, lineCount: number): Array<(typeof FIGURES)[number]> {
  const tolerance = roundingTolerance(lineCount);
  const allowed = { net: tolerance, vat: tolerance, gross: 2 * tolerance };
  return FIGURES.filter(({ key }) => Math.abs(target[key] - source[key]) > allowed[key]);
}

/**
 * A Rackbeat order's totals: `total_subtotal` net, `total_total` with VAT (Rackbeat's 2018 OpenAPI
 * spec; that `total_total` includes the VAT of the order's zone is inferred from the names and not
 * confirmed by Rackbeat's current docs).
 */
export function rackbeatTotals(order: RackbeatOrder): DocumentTotals {
  return { net: order.subtotal, vat: (order.total - order.subtotal) as Minor, gross: order.total };
}
