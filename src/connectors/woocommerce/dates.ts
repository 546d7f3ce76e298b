/**
 * WooCommerce writes date-times without a zone (`2026-10-01T11:28:08`); the `*_gmt` fields are UTC
 * and filters compare against them with `dates_are_gmt=true` (WooCommerce REST API docs, Orders; as seen in other WooCommerce sync projects). Second granularity.
 */
const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** Reads a `*_gmt` field as UTC. */
export function parseWooGmtDate(value: string): Date {
  if (!NAIVE_DATE_TIME.test(value)) throw new TypeError(`not a WooCommerce date-time: ${JSON.stringify(value)}`);
  return new Date(`${value}Z`);
}

/** A UTC instant as WooCommerce's naive form, cut to whole seconds (send with `dates_are_gmt=true`). */
export function formatWooGmtDate(date: Date | number): string {
  return new Date(date).toISOString().slice(0, 19);
}
