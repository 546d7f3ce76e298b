import type { NewRackbeatAdjustment, RackbeatAdjustment } from '../../connectors/rackbeat/adjustments.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { WebshopPlatform } from '../../connectors/systems.js';
import { RecordError } from '../../engine/errors.js';
import { faultPoint } from '../../engine/fault-points.js';
import type { StateChangeStep, TargetDoc } from '../../engine/leg.js';
import { rackbeatHeading, restockReference } from '../../mapping/orders/references.js';
import { returnedUnits, restockUnits } from '../../mapping/orders/restock.js';
import { locationProblem } from '../stock/location.js';
import type { RefundRecord } from './refunds.js';
import { SettingError } from './setting-error.js';
import type { OrdersLegSettings } from './settings.js';
import { ORDER_STEPS } from './steps.js';

/** The adjustment's `reason`: a fixed text; our reference is its `description` (adjustments.ts). */
const REASON = 'Webshop return';
/** How far before the webshop order its Rackbeat order, and before the refund its adjustments, are looked for (clock skew, Rackbeat's zone). */
const SCAN_MARGIN_MS = 24 * 60 * 60_000;

/** One adjustment a refund makes: units of a SKU back into stock, and the reference it carries. */
interface RestockLine {
  sku: string;
  quantity: number;
  reference: string;
}

/** A refund's adjustments as one document of its link: their ids, comma-separated. */
const documentOf = (adjustments: readonly RackbeatAdjustment[]): TargetDoc => {
  const ids = adjustments.map((adjustment) => adjustment.id).join(',');
  return { id: ids, number: ids };
};
const idsOf = (doc: TargetDoc): number[] => doc.id.split(',').map(Number);
const since = (record: RefundRecord) => new Date(record.refund.createdAt.getTime() - SCAN_MARGIN_MS);

/**
 * `orders.refunds.restock`: the units a refund says came back (restock.ts: Shopify returns, every
 * refunded WooCommerce unit), up to what Rackbeat shipped of the order, go back into Rackbeat's
 * stock at `orders.refunds.restockLocation`. Rackbeat is the stock master (the stock flow copies
 * its levels to the shop), so goods the shop took back but Rackbeat did not would be taken out of
 * the shop again by the next stock run. Two steps after the credit note, on the engine's state
 * changes: the first makes one draft adjustment per SKU, each carrying restockReference and looked
 * up by it before it is ever made (intent first: a crash between two SKUs makes only the missing
 * one on the next attempt); the second books them (stage `restocked`), reading their state first.
 * An order Rackbeat never shipped has nothing to restock: its units never left.
 */
export function restockSteps(rackbeat: RackbeatClient, platform: WebshopPlatform, settings: OrdersLegSettings): [StateChangeStep<RefundRecord, NewRackbeatAdjustment[]>, StateChangeStep<RefundRecord, RackbeatAdjustment[]>] {
  const locationNumber = settings.refunds.restockLocation;
  if (locationNumber === undefined) throw new TypeError('restockSteps needs orders.refunds.restockLocation');
  const index = rackbeat.adjustments.index();
  const plans = new Map<string, Promise<RestockLine[]>>();
  let locationChecked: Promise<void> | undefined;

  // A location that is not there would fail every refund the same way: the run stops, naming the key.
  const checkLocation = (): Promise<void> =>
    (locationChecked ??= (async () => {
      const problem = await locationProblem(rackbeat, { locationNumber });
      if (problem) throw new SettingError(`orders.refunds.restockLocation: ${problem}`, 'set orders.refunds.restockLocation to one of those, then run again');
    })());

  const shippedUnits = async (record: RefundRecord): Promise<Map<string, number>> => {
    const heading = rackbeatHeading(platform, record.order.number);
    const order = await rackbeat.findOrderByHeading(heading, new Date(record.order.createdAt.getTime() - SCAN_MARGIN_MS));
    const units = new Map<string, number>();
    if (!order || (!order.isShipped && !order.isPartlyShipped)) return units;
    const skuOfLine = new Map(order.lines.map((line) => [line.id, line.sku.trim()]));
    for (const shipment of await rackbeat.shipments(order.number)) {
      for (const line of shipment.lines) {
        const sku = skuOfLine.get(line.orderLineId);
        if (sku) units.set(sku, (units.get(sku) ?? 0) + line.quantity);
      }
    }
    return units;
  };
  // Read once a run per refund: a refund that returned nothing costs no call at all.
  const planOf = (record: RefundRecord): Promise<RestockLine[]> => {
    let plan = plans.get(record.id);
    if (!plan) {
      plan = (async () => {
        if (returnedUnits(record.refund).size === 0) return [];
        const units = restockUnits(record.refund, record.orderRefunds, await shippedUnits(record));
        return [...units].map(([sku, quantity]) => ({ sku, quantity, reference: restockReference(platform, record.refund.id, sku) }));
      })();
      plans.set(record.id, plan);
    }
    return plan;
  };
  const foundFor = async (record: RefundRecord) => {
    const plan = await planOf(record);
    const found = await index.find(plan.map((line) => line.reference), since(record));
    return { plan, found };
  };

  // Nothing came back, or nothing of it was shipped: nothing is written or logged. Both steps ask it:
  // a state change not wanted hands the document it was given (the credit note) on to the next.
  const wanted = async (record: RefundRecord) => (await planOf(record)).length > 0;

  const adjust: StateChangeStep<RefundRecord, NewRackbeatAdjustment[]> = {
    kind: 'state-change',
    name: ORDER_STEPS.rackbeatRestock,
    about: 'stock',
    targetSystem: 'rackbeat',
    of: ORDER_STEPS.creditNote,
    stage: 'created',
    wanted,
    async isDone(_doc, record) {
      const { plan, found } = await foundFor(record);
      const all = plan.map((line) => found.get(line.reference));
      return all.every((adjustment) => adjustment !== undefined) ? documentOf(all as RackbeatAdjustment[]) : false;
    },
    async payload(_doc, record) {
      await checkLocation();
      const { plan, found } = await foundFor(record);
      return plan
        .filter((line) => !found.has(line.reference))
        .map((line) => ({ locationNumber, productNumber: line.sku, quantity: line.quantity, regulatedAt: record.refund.createdAt, reason: REASON, description: line.reference }));
    },
    async apply(_doc, record, missing) {
      for (const input of missing) {
        index.remember(await rackbeat.adjustments.create(input));
        // Between two SKUs: the next attempt looks each up first and makes only what is missing.
        faultPoint(`after-create:${ORDER_STEPS.rackbeatRestock}-line`);
      }
      const { plan, found } = await foundFor(record);
      return documentOf(plan.map((line) => found.get(line.reference)).filter((adjustment): adjustment is RackbeatAdjustment => adjustment !== undefined));
    },
  };

  const adjustmentsOf = async (doc: TargetDoc, record: RefundRecord): Promise<RackbeatAdjustment[]> => {
    const ids = idsOf(doc);
    const found = await index.byIds(ids, since(record));
    const gone = ids.filter((id) => !found.has(id));
    if (gone.length > 0) {
      throw new RecordError(
        `Rackbeat inventory adjustment ${gone.join(', ')} for refund ${record.refund.id} of webshop order #${record.order.number} is gone`,
        'put the returned goods back into stock in Rackbeat by hand if they came back, then dismiss this refund (iex-sync dismiss)',
      );
    }
    return ids.map((id) => found.get(id) as RackbeatAdjustment);
  };

  const book: StateChangeStep<RefundRecord, RackbeatAdjustment[]> = {
    kind: 'state-change',
    name: ORDER_STEPS.rackbeatRestockBook,
    about: 'stock',
    targetSystem: 'rackbeat',
    of: ORDER_STEPS.rackbeatRestock,
    stage: 'restocked',
    wanted,
    isDone: async (doc, record) => (await adjustmentsOf(doc, record)).every((adjustment) => adjustment.isBooked),
    payload: async (doc, record) => (await adjustmentsOf(doc, record)).filter((adjustment) => !adjustment.isBooked),
    async apply(_doc, record, drafts) {
      for (const draft of drafts) await index.book(draft, since(record));
    },
  };
  return [adjust, book];
}
