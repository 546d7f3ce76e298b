import { RecordError } from '../../engine/errors.js';
import { formatMinor, type Minor } from '../../mapping/money.js';
import { roundingTolerance } from '../../mapping/orders/net-lines.js';

/**
 * After a create, the target's net total must equal the source's to within rounding (design,
 * "Money and time"); otherwise the record fails with a hint and goes no further.
 */
export function assertSameNet(system: string, targetNet: Minor, sourceNet: Minor, lineCount: number): void {
  if (Math.abs(targetNet - sourceNet) <= roundingTolerance(lineCount)) return;
  throw new RecordError(
    `${system} computed a net total of ${formatMinor(targetNet)}, the source says ${formatMinor(sourceNet)}`,
    `check the prices, VAT and discounts of these products in ${system}; the order was not sent further`,
  );
}
