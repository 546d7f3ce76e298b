import { creditsRefunds } from '../../config/sections/orders.js';
import type { EconomicClient } from '../../connectors/economic/client.js';
import type { EconomicSalesDocument } from '../../connectors/economic/types.js';
import { SYSTEM_LABELS } from '../../connectors/systems.js';
import type { ShopOrder, ShopRefund, Webshop } from '../../connectors/webshop.js';
import { formatMinor, type Minor } from '../../domain/money.js';
import { businessDate } from '../../domain/time.js';
import { creditNoteReference, parseCancellationCreditReference, parseCreditNoteReference } from '../../mapping/orders/references.js';
import type { Finding, ReconcileContext } from '../reconcile.js';
import { describeLogged, describeShopOrder, type DocumentSummary } from './reconcile-chain.js';
import { allowedStates, followsPartlyRefunded, startFromInstant, type OrdersLegSettings } from './settings.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';

type Context = ReconcileContext<'webshop' | 'rackbeat' | 'economic', 'orders'>;

/** A credit note as reconcile keeps it: its place, its refund's reference and its gross (negative). */
interface CreditNoteSummary {
  /** `draft invoice 17`, `booked invoice 31`. */
  label: string;
  state: 'draft' | 'booked';
  reference: string;
  date: string;
  gross: Minor;
  currency: string;
}

/** What the order chain knows of one shop order: whether it reached Rackbeat, and its invoice. */
export interface ChainFacts {
  transferred: boolean;
  invoice: DocumentSummary | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Credit notes in `reconcile --flow orders` (issue 20): e-conomic draft or booked invoices whose
 * `references.other` is a refund's (`shopify-refund:…`, mapping/orders/references.ts) or a cancelled
 * order's (`shopify-cancel:…`). Counted when dated in the period, drafts and booked apart. With refunds credited
 * (`orders.refunds.mode: credit-note`) each refund of an order of the period is matched to its
 * credit note and reported when:
 * - missing: the refunds leg would have made it by now (the invoice is there, booked when
 *   `orders.invoice.book`; or `orders.refunds.waitDays` passed, when it fails instead);
 * - doubled: two credit notes carry one refund's reference;
 * - mismatched: its gross is not minus what was refunded, beyond the rounding of its lines;
 * - orphaned: a credit note dated after the period began names a refund none of the shop's orders
 *   changed since then has. A refund moves its order's modified time (WooCommerce's
 *   `date_modified`; Shopify's `updatedAt`, as reported by users, not documented), so those are the
 *   orders to look in.
 * A credit note not dated in the period is looked up by its reference (page-batched) before a
 * refund is called missing.
 */
export class CreditNotes {
  private readonly byReference = new Map<string, CreditNoteSummary[]>();
  /** References of refunds the shop has, from every refunded order changed since the period began. */
  private readonly shopRefunds = new Set<string>();
  private readonly checked: boolean;
  private readonly states: Set<string>;
  private readonly startFrom: Date;
  private readonly firstDate: string;
  private readonly lastDate: string;

  constructor(
    private readonly context: Context,
    private readonly settings: OrdersLegSettings,
  ) {
    const { platform } = context.connections.webshop;
    this.checked = creditsRefunds(settings);
    this.states = allowedStates(settings, platform);
    this.startFrom = startFromInstant(settings.startFrom, settings.timezone);
    this.firstDate = businessDate(context.period.since, settings.timezone);
    this.lastDate = businessDate(context.period.until, settings.timezone);
  }

  /** Takes a document read from e-conomic when it is a credit note of this shop's refunds; counts it when dated in the period. */
  add(document: EconomicSalesDocument): boolean {
    // A cancelled order's credit note (cancel-credit-step.ts) names no refund: counted, matched to none.
    if (document.kind === 'draft-invoice' && parseCancellationCreditReference(document.reference)?.platform === this.context.connections.webshop.platform) {
      if (document.date >= this.firstDate && document.date <= this.lastDate) this.context.count('credit notes', document.state);
      return true;
    }
    const note = this.summarise(document);
    if (!note) return false;
    const known = this.byReference.get(note.reference) ?? [];
    if (known.some((other) => other.label === note.label)) return true;
    this.byReference.set(note.reference, [...known, note]);
    if (note.date >= this.firstDate && note.date <= this.lastDate) this.context.count('credit notes', note.state);
    return true;
  }

  /**
   * One page of the shop's changed orders: the refunds of every refunded one are read (they are what
   * a credit note may name); those of the period's orders are matched to their credit notes.
   */
  async shopPage(orders: readonly ShopOrder[], inPeriod: (order: ShopOrder) => boolean, chainOf: (order: ShopOrder) => ChainFacts): Promise<Finding[]> {
    if (!this.checked) return [];
    const { webshop, economic } = this.context.connections;
    const refunded = await Promise.all(orders.filter((order) => order.refunded).map(async (order) => ({ order, refunds: await webshop.refunds(order) })));
    for (const { refunds } of refunded) for (const refund of refunds) this.shopRefunds.add(this.referenceOf(refund));
    const ours = refunded.filter(({ order }) => inPeriod(order) && order.createdAt >= this.startFrom);
    await this.lookUp(economic, ours.flatMap(({ refunds }) => refunds.map((refund) => this.referenceOf(refund))));
    return ours.flatMap(({ order, refunds }) => refunds.flatMap((refund) => this.compare(order, refund, chainOf(order))));
  }

  /** Credit notes dated after the period began whose refund the shop does not have. */
  leftovers(webshop: Webshop): Finding[] {
    if (!this.checked) return [];
    const findings: Finding[] = [];
    for (const [reference, notes] of this.byReference) {
      if (this.shopRefunds.has(reference)) continue;
      for (const note of notes.filter((candidate) => candidate.date > this.firstDate)) {
        const refundId = parseCreditNoteReference(reference)?.refundId ?? reference;
        findings.push({
          flow: 'orders',
          kind: 'orphaned',
          record: `e-conomic ${note.label} (credit note)`,
          systems: { economic: describeNote(note) },
          problem: `its reference ${reference} names ${SYSTEM_LABELS[webshop.platform]} refund ${refundId}, which no order of the shop changed since ${this.firstDate} has`,
          hint: `check the refund in the shop: if it was deleted or never happened, ${note.state === 'draft' ? 'delete the draft' : 'reverse the booked credit note with an invoice'} in e-conomic`,
        });
      }
    }
    return findings;
  }

  private compare(order: ShopOrder, refund: ShopRefund, chain: ChainFacts): Finding[] {
    const reference = this.referenceOf(refund);
    const notes = this.byReference.get(reference) ?? [];
    const source = `#${order.number} refund ${refund.id}`;
    const row = (kind: Finding['kind'], problem: string, hint: string, log?: string): Finding => ({
      flow: 'orders',
      kind,
      record: source,
      systems: { webshop: `${describeShopOrder(order)}, refund ${formatMinor(refund.total)}`, economic: notes.length > 0 ? notes.map(describeNote).join(', ') : undefined },
      problem,
      log,
      hint,
    });
    if (notes.length > 1) {
      const [keep] = notes;
      return [row('doubled', `${notes.length} credit notes for one refund: ${notes.map((note) => note.label).join(', ')}`, `delete (or, booked, reverse) the extra ones in e-conomic, keeping ${keep?.label}`)];
    }
    const [note] = notes;
    if (note) {
      // Its lines are net prices rounded each; the gross may differ from what was refunded by that.
      const tolerance = refund.lines.length + 2;
      if (Math.abs(note.gross + refund.total) <= tolerance) return [];
      return [row('mismatched', `gross ${formatMinor(note.gross)} in e-conomic, ${formatMinor(refund.total)} refunded in the shop`, `correct the credit note by hand where it is wrong (iex-sync never changes a booked document); iex-sync history --source "${source}" shows what was sent`)];
    }
    if (!this.overdue(order, refund, chain)) return [];
    const logged = this.context.log({ leg: ORDER_LEGS.refunds, step: ORDER_STEPS.creditNote, sourceInstance: this.context.instances.webshop, sourceId: source });
    const reason = describeLogged(logged);
    return [
      row(
        'missing',
        `no e-conomic credit note for refund ${refund.id}${chain.invoice ? ` (the order's ${chain.invoice.label})` : ''}`,
        reason ? `see iex-sync history --source "${source}", fix the cause, then iex-sync orders` : 'iex-sync orders (the refunds leg credits it)',
        reason,
      ),
    ];
  }

  /** Whether the refunds leg no longer waits for this refund: it would have credited it, or failed it. */
  private overdue(order: ShopOrder, refund: ShopRefund, chain: ChainFacts): boolean {
    const invoice = chain.invoice;
    if (invoice && (!this.settings.invoice.book || invoice.state === 'booked')) return true;
    if (Date.now() - refund.createdAt.getTime() <= this.settings.refunds.waitDays * DAY_MS) return false;
    const status = order.status.toLowerCase();
    return invoice !== undefined || (chain.transferred && (this.states.has(status) || followsPartlyRefunded(this.settings, status)));
  }

  /** The credit notes of these references not read with the period's documents, asked for by reference. */
  private async lookUp(economic: EconomicClient, references: string[]): Promise<void> {
    const unread = references.filter((reference) => !this.byReference.has(reference));
    if (unread.length === 0) return;
    for (const document of (await economic.draftInvoices.findByReferences(unread)).values()) this.add(document);
  }

  private referenceOf(refund: ShopRefund): string {
    return creditNoteReference(this.context.connections.webshop.platform, refund.id);
  }

  private summarise(document: EconomicSalesDocument): CreditNoteSummary | undefined {
    const reference = parseCreditNoteReference(document.reference);
    if (document.kind !== 'draft-invoice' || reference?.platform !== this.context.connections.webshop.platform) return undefined;
    const label = `${document.state === 'booked' ? 'booked invoice' : 'draft invoice'} ${document.number}`;
    return { label, state: document.state, reference: document.reference as string, date: document.date, gross: document.grossAmount, currency: document.currency };
  }
}

function describeNote(note: CreditNoteSummary): string {
  return `${note.label} ${formatMinor(note.gross)} ${note.currency}`;
}
