import { minorToNumber, roundHalfUp, sumMinor, toMinor, type Minor } from '../../domain/money.js';
import type { EconomicSimState, SimRecord } from './state.js';

/**
 * Server-computed totals of a sales document (read-only in the schemas; sent totals are ignored and
 * computed from the lines, e.g. 2 × 100 → netAmount 200, as observed on a trial agreement). Per
 * line: quantity × unitNetPrice less the discount percentage, rounded to the øre; VAT at the
 * recipient VAT zone's rate on the net sum. Used on create and on every full replace (PUT), so
 * totals always follow the lines.
 */
export function withTotals(state: EconomicSimState, body: SimRecord): SimRecord {
  const lines = Array.isArray(body.lines) ? (body.lines as SimRecord[]) : [];
  const computedLines = lines.map((line) => ({ ...line, ...unitOf(state, line), totalNetAmount: minorToNumber(lineNet(line)) }));
  const net = sumMinor(computedLines.map((line) => toMinor(line.totalNetAmount)));
  const vat = roundHalfUp((net * vatRateOf(state, body)) / 100);
  const terms = state.paymentTerms.find(
    (candidate) => candidate.paymentTermsNumber === (body.paymentTerms as SimRecord | undefined)?.paymentTermsNumber,
  );
  const {
    netAmount: _net,
    vatAmount: _vat,
    grossAmount: _gross,
    roundingAmount: _rounding,
    ...sent
  } = body;
  return {
    ...sent,
    ...(terms ? { paymentTerms: { ...(body.paymentTerms as SimRecord), ...terms } } : {}),
    ...(computedLines.length > 0 ? { lines: computedLines } : {}),
    netAmount: minorToNumber(net),
    netAmountInBaseCurrency: minorToNumber(net),
    vatAmount: minorToNumber(vat),
    grossAmount: minorToNumber((net + vat) as Minor),
    grossAmountInBaseCurrency: minorToNumber((net + vat) as Minor),
    roundingAmount: 0,
  };
}

/** The VAT rate (percent) of the document's recipient VAT zone. */
function vatRateOf(state: EconomicSimState, document: SimRecord): number {
  const zoneNumber = ((document.recipient as SimRecord | undefined)?.vatZone as SimRecord | undefined)?.vatZoneNumber;
  return state.vatZones.find((zone) => zone.vatZoneNumber === zoneNumber)?.vatRatePercent ?? 0;
}

/**
 * An order draft as sent (orders.sent.orderNumber.get): the schema of sent (and archived) orders
 * has no `layout` and no line `totalNetAmount`, unlike the draft's; the totals stay.
 */
export function asSent(draft: SimRecord): SimRecord {
  const { layout: _layout, lines, ...header } = draft;
  if (!Array.isArray(lines)) return header;
  return { ...header, lines: (lines as SimRecord[]).map(({ totalNetAmount: _total, ...line }) => line) };
}

/**
 * A draft invoice as booked under `bookedInvoiceNumber` (invoices.booked.bookedInvoiceNumber.get):
 * no draft number and no `lastUpdated`; unpaid, so `remainder` is the gross amount (as observed on
 * a trial agreement); each line shows its VAT rate and amount.
 */
export function asBooked(state: EconomicSimState, draft: SimRecord, bookedInvoiceNumber: number): SimRecord {
  const { draftInvoiceNumber: _draft, lastUpdated: _lastUpdated, lines, ...header } = draft;
  const rate = vatRateOf(state, draft);
  const bookedLines = Array.isArray(lines)
    ? (lines as SimRecord[]).map((line) => ({
        ...line,
        vatRate: rate,
        vatAmount: minorToNumber(roundHalfUp((toMinor(Number(line.totalNetAmount ?? 0)) * rate) / 100)),
      }))
    : undefined;
  return {
    ...header,
    ...(bookedLines ? { lines: bookedLines } : {}),
    bookedInvoiceNumber,
    remainder: header.grossAmount,
    remainderInBaseCurrency: header.grossAmountInBaseCurrency,
  };
}

/** Reads show the unit's own name (the read schemas' `unit.name`), whatever name a PUT sent. */
function unitOf(state: EconomicSimState, line: SimRecord): SimRecord {
  const sent = line.unit as SimRecord | undefined;
  const unit = state.units.find((candidate) => candidate.unitNumber === sent?.unitNumber);
  return sent && unit ? { unit: { ...sent, ...unit } } : {};
}

function lineNet(line: SimRecord): Minor {
  const quantityHundredths = Math.round(Number(line.quantity ?? 0) * 100);
  const price = toMinor(Number(line.unitNetPrice ?? 0));
  const discountBasisPoints = Math.round(Number(line.discountPercentage ?? 0) * 100);
  return roundHalfUp((quantityHundredths * price * (10_000 - discountBasisPoints)) / 1_000_000);
}
