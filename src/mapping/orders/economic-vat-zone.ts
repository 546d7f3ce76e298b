import { roundHalfUp, type Minor } from '../../domain/money.js';
import type { VatZoneName } from '../../domain/vat-zones.js';

/** `orders.vatZones`: e-conomic zone numbers per zone, and per VAT rate charged (`rates`). */
export interface VatZoneNumbers {
  domestic: number;
  eu: number;
  abroad: number;
  /** `"19"` or `"SE:25"` → zone number (config/sections/orders.ts checks the keys). */
  rates: Record<string, number>;
}

export interface EconomicVatZone {
  number: number;
  /** The setting that chose it, for a hint: `orders.vatZones.eu`, `orders.vatZones.rates."SE:25"`. */
  setting: string;
}

/** A sale as Rackbeat has it: its zone, the buyer's country and the VAT Rackbeat computed on its net. */
export interface RackbeatSale {
  zone: VatZoneName;
  country: string;
  net: Minor;
  vat: Minor;
}

interface RateEntry {
  key: string;
  country: string | undefined;
  ratePercent: number;
  number: number;
}

/**
 * The e-conomic VAT zone of a sale (README, "VAT"). A sale with VAT goes to the zone of the first
 * `rates` entry whose rate explains its VAT to within `tolerance` øre (the buyer's country's keys
 * before plain rates); every other sale to its own zone's number. The rate is read from Rackbeat's
 * VAT, which leg 1 checked against the shop's, so an order made by hand in Rackbeat is treated alike;
 * an order mixing rates matches no single rate and keeps its zone's number.
 */
export function economicVatZone(sale: RackbeatSale, tolerance: Minor, zones: VatZoneNumbers): EconomicVatZone {
  if (sale.vat !== 0) {
    const country = sale.country.trim().toUpperCase();
    const entries = rateEntries(zones.rates);
    const candidates = [...entries.filter((entry) => entry.country === country), ...entries.filter((entry) => entry.country === undefined)];
    const match = candidates.find((entry) => Math.abs(roundHalfUp((sale.net * entry.ratePercent) / 100) - sale.vat) <= tolerance);
    if (match) return { number: match.number, setting: `orders.vatZones.rates."${match.key}"` };
  }
  return { number: zones[sale.zone], setting: `orders.vatZones.${sale.zone}` };
}

function rateEntries(rates: Record<string, number>): RateEntry[] {
  return Object.entries(rates).map(([key, number]) => {
    const [country, rate] = key.includes(':') ? key.split(':') : [undefined, key];
    return { key, country: country?.toUpperCase(), ratePercent: Number(rate), number };
  });
}
