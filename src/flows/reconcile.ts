import type { SectionName } from '../config/sections/index.js';
import type { Role } from '../connectors/connections.js';
import type { LinkKey, LinkStatus } from '../store/links.js';
import type { FlowContext } from './flow.js';

/**
 * `iex-sync reconcile`: each flow that can compare what the systems hold offers a Reconciler; the
 * generic service (src/services/reconcile.ts) builds the connections of its roles, hands it the
 * period and a read-only view of the local log, and gathers what it finds. A reconciler only reads:
 * it never writes to any system, nor to the store.
 */

/** What does not agree, most serious first in the report. */
export const FINDING_KINDS = ['missing', 'doubled', 'mismatched', 'orphaned', 'stale'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One disagreement about one record, with what each system holds (its numbers and totals) and how to fix it. */
export interface Finding {
  flow: string;
  kind: FindingKind;
  /** The record as people know it: `#1042`, `Rackbeat order 5512`. */
  record: string;
  /** What each system holds for it, in a few words (`#1042 1,250.00 DKK`); absent: it holds nothing. */
  systems: Partial<Record<Role, string>>;
  /** What does not agree. */
  problem: string;
  /** What the local log says about the record, when it says anything (`failed: …`, `skipped: …`). */
  log?: string | undefined;
  hint: string;
}

/** The period compared: records created at or after `since` and before `until`. */
export interface ReconcilePeriod {
  since: Date;
  until: Date;
}

/** What the local log (the links) says about one step of one source record. */
export interface LoggedStep {
  status: LinkStatus;
  targetId: string | undefined;
  targetNumber: string | undefined;
  lastError: string | undefined;
}

/** Reads the log, read-only; undefined for a record no run has seen, or when there is no store yet. */
export type LogReader = (key: LinkKey) => LoggedStep | undefined;

/** How far the reading has come: records read so far from one system. */
export interface ReadProgress {
  system: string;
  read: number;
}

/**
 * What a reconciler counts beside its findings, for the bookkeeper's summary: `credit notes`, by
 * part (`draft`, `booked`), in the order first counted.
 */
export interface Tally {
  flow: string;
  name: string;
  parts: Record<string, number>;
}

export interface ReconcileContext<R extends Role, S extends SectionName> extends FlowContext<R, S> {
  period: ReconcilePeriod;
  log: LogReader;
  onProgress?: ((progress: ReadProgress) => void) | undefined;
  /** Counts one record as part of a tally of this flow (`credit notes`, `booked`). */
  count(name: string, part: string): void;
}

export interface Reconciler<R extends Role = Role, S extends SectionName = SectionName> {
  /** The flow it compares, as `--flow` names it. */
  readonly flow: string;
  readonly section: S;
  readonly roles: readonly R[];
  /** The disagreements in the period, as they are found, reading each system page by page. */
  compare(context: ReconcileContext<R, S>): AsyncIterable<Finding>;
}

/** The flows that offer a comparison, loaded only when asked for. */
export const RECONCILERS: Readonly<Record<string, () => Promise<Reconciler>>> = {
  orders: async () => (await import('./orders/reconcile.js')).ordersReconciler,
  products: async () => (await import('./products/reconcile.js')).productsReconciler,
  stock: async () => (await import('./stock/reconcile.js')).stockReconciler,
};
