import { legsOf } from '../../engine/leg.js';
import { BookedOrders } from './booked-orders.js';
import { ordersChecks } from './checks.js';
import type { FlowDefinition } from '../flow.js';
import { invoiceLifecycleSteps } from './invoice-lifecycle.js';
import { OrderNotFoundError } from './order-not-found.js';
import { rackbeatToEconomicLeg } from './rackbeat-to-economic.js';
import { cancellationsLeg } from './cancellations.js';
import { creditsRefunds, refundsLeg } from './refunds.js';
import { startFromInstant } from './settings.js';
import { ORDER_LEGS } from './steps.js';
import { webshopToRackbeatLeg } from './webshop-to-rackbeat.js';

/**
 * `iex-sync orders`: leg 1, paid webshop orders → Rackbeat orders (booked); leg 2, booked Rackbeat
 * orders, whoever made them → one e-conomic order draft or draft invoice each, then (orders.invoice)
 * invoiced when shipped, booked, paid and mailed. The engine runs leg 2 alongside leg 1, handing it
 * each order as soon as leg 1 has booked it.
 */
export const ordersFlow: FlowDefinition<'webshop' | 'rackbeat' | 'economic', 'orders'> = {
  name: 'orders',
  section: 'orders',
  roles: ['webshop', 'rackbeat', 'economic'],
  summary: 'paid webshop orders → Rackbeat (booked), then booked Rackbeat orders → e-conomic',
  engineSettings: (settings, timezone) => ({
    startFrom: startFromInstant(settings.startFrom, timezone),
    lookbackMs: settings.lookbackMinutes * 60_000,
  }),
  legs({ connections, instances, settings, timezone, mailer }) {
    const legSettings = { ...settings, timezone };
    // Leg 2 runs alongside leg 1 and is handed each order leg 1 books: as booked, not read again.
    const booked = new BookedOrders();
    const invoiceSteps = invoiceLifecycleSteps({ ...connections, mailer, settings: legSettings });
    return legsOf(
      webshopToRackbeatLeg(connections.webshop, instances.webshop, connections.rackbeat, legSettings, booked),
      rackbeatToEconomicLeg(connections.rackbeat, instances.rackbeat, connections.economic, legSettings, booked, invoiceSteps),
      ...(creditsRefunds(legSettings) ? [refundsLeg(connections.webshop, instances.webshop, connections.economic, legSettings)] : []),
      ...(settings.refunds.mode === 'credit-note' ? [cancellationsLeg(connections.webshop, instances.webshop, connections.rackbeat, connections.economic)] : []),
    );
  },
  async checkSelection({ connections }, numbers) {
    for (const number of numbers) {
      if (!(await connections.webshop.orderByNumber(number))) throw new OrderNotFoundError(number);
    }
  },
  checks: ordersChecks,
  dryRunNote(result, settings) {
    const planned = result.legs.find((leg) => leg.leg === ORDER_LEGS.webshopRackbeat)?.counts.dryRun ?? 0;
    if (!settings.rackbeat.book || planned === 0) return undefined;
    return `note: the ${planned} orders planned for Rackbeat would also reach e-conomic in the same run (leg 2 sees them once they exist)`;
  },
};
