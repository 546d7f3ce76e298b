import type { EconomicClient } from '../../connectors/economic/client.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { ShopOrder, Webshop } from '../../connectors/webshop.js';
import { businessDate } from '../../domain/time.js';
import { economicReference, rackbeatHeading } from '../../mapping/orders/references.js';
import type { Finding, LoggedStep, ReconcileContext, Reconciler } from '../reconcile.js';
import {
  describeDocuments,
  describeLogged,
  describeRackbeat,
  describeShopOrder,
  distinctDocuments,
  doubledKinds,
  rackbeatEconomicDifferences,
  shopRackbeatDifferences,
  summariseDocument,
  summariseRackbeatOrder,
  type DocumentSummary,
  type RackbeatSummary,
} from './reconcile-chain.js';
import { CreditNotes, type ChainFacts } from './reconcile-credit-notes.js';
import { allowedStates, configuredProductKeys, startFromInstant, type OrdersLegSettings } from './settings.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';

type Roles = 'webshop' | 'rackbeat' | 'economic';
type Context = ReconcileContext<Roles, 'orders'>;

/**
 * Our Rackbeat order was made after the shop order, so its changes start after that; a day's margin
 * covers clocks and a Rackbeat time zone set wrong (as leg 1's look-up allows).
 */
const SCAN_MARGIN_MS = 24 * 60 * 60_000;
const ONE_DAY_MS = 24 * 60 * 60_000;

/**
 * `reconcile --flow orders`: the webshop orders created in the period, the Rackbeat orders made for
 * them (or by hand, and booked) and the e-conomic documents that reference those, wherever a
 * bookkeeper moved them. Reads Rackbeat's orders changed since the period began and e-conomic's
 * documents dated in it, each kept small and by reference, then goes through the shop's orders
 * page by page: each is one chain, reported once per kind of disagreement. What is left over is
 * orphaned when what it names does not exist (asked of that system, one call each).
 */
export const ordersReconciler: Reconciler<Roles, 'orders'> = {
  flow: 'orders',
  section: 'orders',
  roles: ['webshop', 'rackbeat', 'economic'],
  compare: (context) => compareOrders(context),
};

async function* compareOrders(context: Context): AsyncIterable<Finding> {
  const { connections, settings, period, timezone } = context;
  const { webshop, rackbeat, economic } = connections;
  const legSettings: OrdersLegSettings = { ...settings, timezone };
  const creditNotes = new CreditNotes(context, legSettings);
  const chains = new OrderChains(context, legSettings, creditNotes);
  // Both at once: each system has its own rate limit. A document is dated with its order's business
  // date (leg 2's mapping); a day each side for zones.
  await Promise.all([
    chains.readRackbeat(rackbeat, new Date(period.since.getTime() - SCAN_MARGIN_MS)),
    chains.readEconomic(
      economic,
      businessDate(new Date(period.since.getTime() - ONE_DAY_MS), timezone),
      businessDate(new Date(period.until.getTime() + ONE_DAY_MS), timezone),
    ),
  ]);
  let read = 0;
  const inPeriod = (order: ShopOrder) => order.createdAt >= period.since && order.createdAt < period.until;
  for await (const page of webshop.changedOrders(period.since)) {
    read += page.length;
    context.onProgress?.({ system: webshop.platform, read });
    for (const order of page) {
      if (inPeriod(order)) yield* await chains.shopOrder(order);
    }
    yield* await creditNotes.shopPage(page, inPeriod, (order) => chains.factsOf(order));
  }
  yield* await chains.leftovers(webshop);
  yield* creditNotes.leftovers(webshop);
}

/** The order chains of one comparison: the Rackbeat orders and e-conomic documents read, by reference. */
class OrderChains {
  private readonly rackbeatByShopNumber = new Map<string, RackbeatSummary[]>();
  private readonly rackbeatByNumber = new Map<number, RackbeatSummary>();
  private readonly documentsByRackbeat = new Map<number, DocumentSummary[]>();
  private readonly documentsByShopNumber = new Map<string, DocumentSummary[]>();
  /** Rackbeat orders and documents a chain took; the rest are left over. */
  private readonly takenRackbeat = new Set<number>();
  private readonly takenDocuments = new Set<string>();
  private readonly states: Set<string>;
  private readonly startFrom: Date;
  private readonly platform: string;
  private readonly services: Set<string>;
  /** What each shop order's chain held, for its refunds' credit notes. */
  private readonly facts = new Map<string, ChainFacts>();

  constructor(
    private readonly context: Context,
    private readonly settings: OrdersLegSettings,
    private readonly creditNotes: CreditNotes,
  ) {
    this.platform = context.connections.webshop.platform;
    this.states = allowedStates(settings, context.connections.webshop.platform);
    this.startFrom = startFromInstant(settings.startFrom, settings.timezone);
    this.services = new Set(configuredProductKeys(settings).keys());
  }

  async readRackbeat(rackbeat: RackbeatClient, since: Date): Promise<void> {
    let read = 0;
    for await (const page of rackbeat.changedOrders(since)) {
      read += page.length;
      this.context.onProgress?.({ system: 'rackbeat', read });
      for (const order of page) this.addRackbeat(summariseRackbeatOrder(order, this.platform, this.services));
    }
  }

  private addRackbeat(order: RackbeatSummary): void {
    this.rackbeatByNumber.set(order.number, order);
    if (order.shopNumber !== undefined) this.rackbeatByShopNumber.set(order.shopNumber, [...(this.rackbeatByShopNumber.get(order.shopNumber) ?? []), order]);
  }

  async readEconomic(economic: EconomicClient, from: string, to: string): Promise<void> {
    let read = 0;
    for (const documents of [economic.orderDrafts, economic.draftInvoices]) {
      for await (const document of documents.dated(from, to)) {
        read += 1;
        if (read % 100 === 0) this.context.onProgress?.({ system: 'economic', read });
        const summary = summariseDocument(document, this.platform);
        if (summary) this.addDocument(summary);
        else this.creditNotes.add(document);
      }
    }
    this.context.onProgress?.({ system: 'economic', read });
  }

  private addDocument(document: DocumentSummary): void {
    this.documentsByRackbeat.set(document.rackbeatNumber, [...(this.documentsByRackbeat.get(document.rackbeatNumber) ?? []), document]);
    if (document.shopNumber !== undefined) this.documentsByShopNumber.set(document.shopNumber, [...(this.documentsByShopNumber.get(document.shopNumber) ?? []), document]);
  }

  /** One webshop order's chain: its Rackbeat order(s) and their documents, each hop compared. */
  async shopOrder(order: ShopOrder): Promise<Finding[]> {
    const { log, instances, connections } = this.context;
    const record = `#${order.number}`;
    const hint = `iex-sync orders --order ${order.number}`;
    const eligible = this.states.has(order.status.toLowerCase()) && order.createdAt >= this.startFrom;
    let found = this.rackbeatByShopNumber.get(order.number) ?? [];
    const logged = log({ leg: ORDER_LEGS.webshopRackbeat, step: ORDER_STEPS.rackbeatOrder, sourceInstance: instances.webshop, sourceId: order.number });
    // The order the log names, when the read did not bring it (its heading edited by hand): asked for by number.
    if (found.length === 0 && logged?.status === 'ok' && logged.targetId !== undefined) {
      const named = await connections.rackbeat.order(Number(logged.targetId));
      if (named) found = [summariseRackbeatOrder(named, this.platform, this.services)];
    }
    found.forEach((rackbeat) => this.takenRackbeat.add(rackbeat.number));
    const primary = found.find((rackbeat) => String(rackbeat.number) === logged?.targetId) ?? found[0];
    const documents = this.documentsOf(primary, order.number);
    this.facts.set(order.number, { transferred: primary !== undefined, invoice: documents.find((document) => document.kind === 'draft-invoice') });
    const row = (kind: Finding['kind'], problem: string, rowHint: string, logText?: string): Finding => ({
      flow: 'orders',
      kind,
      record,
      systems: { webshop: describeShopOrder(order), rackbeat: describeRackbeat(found), economic: describeDocuments(documents) },
      problem,
      log: logText,
      hint: rowHint,
    });

    if (!primary) {
      // Cancelled in the shop: the cancellations leg deletes its Rackbeat order (a booked invoice gets a credit note).
      if (order.cancelled && this.settings.refunds.mode === 'credit-note') return [];
      if (logged?.status === 'ok' && logged.targetId !== undefined) {
        const named = `Rackbeat order ${logged.targetNumber ?? logged.targetId}`;
        const still = documents.length > 0 ? `; e-conomic still has ${describeDocuments(documents)} for it` : '';
        return [row('stale', `the log says ${named} was made for it, and Rackbeat no longer has it${still}`, `someone deleted ${named}: if the order stands, make it again in Rackbeat (iex-sync history --source ${order.number} shows what was sent)`, 'ok')];
      }
      if (!eligible) return [];
      const reason = describeLogged(logged);
      return [row('missing', 'no Rackbeat order', reason ? `see iex-sync history --source ${order.number}, fix the cause, then ${hint}` : hint, reason)];
    }

    const findings: Finding[] = [];
    if (found.length > 1) {
      const keep = primary.number;
      findings.push(row('doubled', `${found.length} Rackbeat orders for one webshop order: ${found.map((rackbeat) => rackbeat.number).join(', ')}`, `cancel or delete the extra ones in Rackbeat, keeping ${keep}${logged?.targetId ? ' (the one the log names)' : ''}`));
    }
    const differences = shopRackbeatDifferences(order, primary);
    findings.push(...(await this.economicSide(primary, documents, order.number, row, differences)));
    return findings;
  }

  /** What the chain of a shop order of the period held (nothing: it was not compared). */
  factsOf(order: ShopOrder): ChainFacts {
    return this.facts.get(order.number) ?? { transferred: false, invoice: undefined };
  }

  /** The documents of a Rackbeat order (or, with none, those naming the shop order), taken from the left-overs. */
  private documentsOf(rackbeat: RackbeatSummary | undefined, shopNumber: string | undefined): DocumentSummary[] {
    const listed = rackbeat ? this.documentsByRackbeat.get(rackbeat.number) : undefined;
    const named = listed ?? (shopNumber !== undefined ? this.documentsByShopNumber.get(shopNumber) : undefined) ?? [];
    const documents = distinctDocuments(named, this.settings.document === 'invoice' ? 'draft-invoice' : 'order');
    named.forEach((document) => this.takenDocuments.add(document.identity));
    return documents;
  }

  /**
   * Leg 2's hop for one Rackbeat order: a booked, not cancelled order has one e-conomic document
   * with its totals, currency and customer; `differences` are the earlier hop's, reported in the
   * same mismatched row.
   */
  private async economicSide(
    rackbeat: RackbeatSummary,
    found: DocumentSummary[],
    shopNumber: string | undefined,
    row: (kind: Finding['kind'], problem: string, hint: string, log?: string) => Finding,
    earlier: string[],
  ): Promise<Finding[]> {
    const { log, instances, connections } = this.context;
    const findings: Finding[] = [];
    const source = { leg: ORDER_LEGS.rackbeatEconomic, sourceInstance: instances.rackbeat, sourceId: String(rackbeat.number) };
    const logged = log({ ...source, step: ORDER_STEPS.economicDocument });
    const rerun = shopNumber !== undefined ? `iex-sync orders --order ${shopNumber}` : `iex-sync orders --since ${businessDate(rackbeat.createdAt, this.settings.timezone)}`;
    const differences = [...earlier];
    let documents = found;
    if (rackbeat.booked && !rackbeat.cancelled) {
      // Dated outside the period (a date set by hand): only a look-up by its reference proves there is none.
      if (documents.length === 0) {
        const again = await this.findDocument(rackbeat, shopNumber);
        if (again) documents = [again];
      }
      if (documents.length === 0) {
        if (logged?.status === 'ok') {
          const named = `e-conomic document ${logged.targetNumber ?? logged.targetId}`;
          findings.push(row('stale', `the log says ${named} was made for Rackbeat order ${rackbeat.number}, and e-conomic no longer has it`, `someone deleted ${named}: if the sale stands, make the document again in e-conomic (iex-sync history --source ${rackbeat.number} shows what was sent)`, 'ok'));
        } else {
          const reason = describeLogged(logged) ?? describeLogged(log({ ...source, step: ORDER_STEPS.economicCustomer }));
          findings.push(row('missing', `no e-conomic document for booked Rackbeat order ${rackbeat.number}`, reason ? `see iex-sync history --source ${rackbeat.number}, fix the cause, then ${rerun}` : rerun, reason));
        }
      }
      for (const group of doubledKinds(documents)) {
        findings.push(row('doubled', `${group.length} e-conomic documents for Rackbeat order ${rackbeat.number}: ${group.map((document) => document.label).join(', ')}`, `delete (or credit, if booked) the extra ones in e-conomic, keeping ${group[0]?.label}`));
      }
    }
    const [document] = documents;
    if (document) differences.push(...rackbeatEconomicDifferences(rackbeat, document, this.expectedCustomer(rackbeat)));
    if (differences.length > 0) {
      findings.push(row('mismatched', differences.join('; '), `correct it by hand where it is wrong (iex-sync never changes a booked document); iex-sync history --source ${shopNumber ?? rackbeat.number} shows what was sent`));
    }
    return findings;
  }

  /** The e-conomic customer a Rackbeat order's document should name: its own number, or the one leg 2 matched by e-mail. */
  private expectedCustomer(rackbeat: RackbeatSummary): number | undefined {
    if (this.settings.customerMatch === 'number') return rackbeat.customerNumber;
    const matched = this.context.log({ leg: ORDER_LEGS.rackbeatEconomic, step: ORDER_STEPS.economicCustomer, sourceInstance: this.context.instances.rackbeat, sourceId: String(rackbeat.number) });
    return matched?.status === 'ok' && matched.targetNumber !== undefined ? Number(matched.targetNumber) : undefined;
  }

  private async findDocument(rackbeat: RackbeatSummary, shopNumber: string | undefined): Promise<DocumentSummary | undefined> {
    const { economic } = this.context.connections;
    const heading = shopNumber === undefined ? undefined : rackbeatHeading(this.context.connections.webshop.platform, shopNumber);
    const reference = economicReference(rackbeat.number, heading);
    const documents = this.settings.document === 'invoice' ? economic.draftInvoices : economic.orderDrafts;
    const found = await documents.findByReference(reference);
    return found && summariseDocument(found, this.platform);
  }

  /**
   * What no webshop order of the period took: Rackbeat orders whose heading names a shop order the
   * shop does not have (orphaned); booked Rackbeat orders made by hand in the period (their
   * e-conomic hop); documents naming a Rackbeat order that does not exist (orphaned).
   */
  async leftovers(webshop: Webshop): Promise<Finding[]> {
    const { period, connections } = this.context;
    const findings: Finding[] = [];
    const inPeriod = (rackbeat: RackbeatSummary) => rackbeat.createdAt >= period.since && rackbeat.createdAt < period.until;
    for (const rackbeat of this.rackbeatByNumber.values()) {
      if (this.takenRackbeat.has(rackbeat.number) || !inPeriod(rackbeat)) continue;
      const documents = this.documentsOf(rackbeat, undefined);
      const row = (kind: Finding['kind'], problem: string, hint: string, log?: string): Finding => ({
        flow: 'orders',
        kind,
        record: `Rackbeat order ${rackbeat.number}`,
        systems: { rackbeat: describeRackbeat([rackbeat]), economic: describeDocuments(documents) },
        problem,
        log,
        hint,
      });
      if (rackbeat.shopNumber !== undefined) {
        // Its shop order was created before the period (made into an order just after it), or is gone.
        if (await webshop.orderByNumber(rackbeat.shopNumber)) continue;
        findings.push(row('orphaned', `its heading names webshop order #${rackbeat.shopNumber}, which the shop does not have`, `check Rackbeat order ${rackbeat.number}: cancel it if the sale did not happen, or correct its heading`));
        continue;
      }
      // Leg 2 takes an order made by hand from the cut-over on, as leg 1 takes a shop order.
      if (rackbeat.createdAt >= this.startFrom) findings.push(...(await this.economicSide(rackbeat, documents, undefined, row, [])));
    }
    for (const [rackbeatNumber, named] of this.documentsByRackbeat) {
      const left = named.filter((document) => !this.takenDocuments.has(document.identity));
      if (left.length === 0 || this.rackbeatByNumber.has(rackbeatNumber)) continue;
      if (await connections.rackbeat.order(rackbeatNumber)) continue;
      const documents = distinctDocuments(left, this.settings.document === 'invoice' ? 'draft-invoice' : 'order');
      for (const document of documents) {
        findings.push({
          flow: 'orders',
          kind: 'orphaned',
          record: `e-conomic ${document.label}`,
          systems: { economic: describeDocuments([document]) },
          problem: `its reference names Rackbeat order ${rackbeatNumber}, which Rackbeat does not have`,
          hint: `delete it in e-conomic (credit it, if booked) unless the sale stands; then the order belongs in Rackbeat`,
        });
      }
    }
    return findings;
  }
}
