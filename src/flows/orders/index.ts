import { legsOf } from '../../engine/leg.js';
import { BookedOrders } from './booked-orders.js';
import { ordersChecks } from './checks.js';
import type { FlowDefinition } from '../flow.js';
import { invoiceLifecycleSteps } from './invoice-lifecycle.js';
import { OrderNotFoundError } from './order-not-found.js';
import { rackbeatToEconomicLeg } from './rackbeat-to-economic.js';
import { cancellationsLeg } from './cancellations.js';
import { creditsRefunds } from '../../config/sections/orders.js';
import { refundsLeg } from './refunds.js';
import { rackbeatToWebshopLeg } from './rackbeat-to-webshop.js';
import { startFromInstant } from './settings.js';
import { ORDER_LEGS } from './steps.js';
import { webshopToRackbeatLeg } from './webshop-to-rackbeat.js';

/**
 * `iex-sync orders`: leg 1, paid webshop orders → Rackbeat orders (booked); leg 2, booked Rackbeat
 * orders, whoever made them → one e-conomic order draft or draft invoice each, then (orders.invoice)
 * invoiced when shipped, booked, paid and mailed; leg 3 (orders.fulfilment), shipped Rackbeat orders
 * from the webshop → the webshop order marked fulfilled. The engine runs legs 2 and 3 alongside leg 1,
 * handing them each order as soon as leg 1 has booked it.
 */
export const ordersFlow: FlowDefinition<'webshop' | 'rackbeat' | 'economic', 'orders'> = {
  name: 'orders',
  section: 'orders',
  roles: ['webshop', 'rackbeat', 'economic'],
  summary: 'paid webshop orders → Rackbeat (booked), then booked Rackbeat orders → e-conomic (and shipped ones → fulfilled in the webshop)',
  engineSettings: (settings, timezone) => ({
    startFrom: startFromInstant(settings.startFrom, timezone),
    lookbackMs: settings.lookbackMinutes * 60_000,
  }),
  legs({ connections, instances, settings, timezone, mailer }) {
    const legSettings = { ...settings, timezone };
    // Leg 2 runs alongside leg 1 and is handed each order leg 1 books: as booked, not read again.
    const booked = new BookedOrders(settings.fulfilment.enabled ? 2 : 1);
    const invoiceSteps = invoiceLifecycleSteps({ ...connections, mailer, settings: legSettings });
    return legsOf(
      webshopToRackbeatLeg(connections.webshop, instances.webshop, connections.rackbeat, legSettings, booked),
      rackbeatToEconomicLeg(connections.rackbeat, instances.rackbeat, connections.economic, legSettings, booked, invoiceSteps),
      // Leg 3 (orders.fulfilment), fed by leg 1 alongside leg 2: shipped Rackbeat orders mark their webshop orders fulfilled.
      ...(settings.fulfilment.enabled ? [rackbeatToWebshopLeg(connections.rackbeat, instances.rackbeat, connections.webshop, settings.fulfilment, booked)] : []),
      // Then the shop's refunds and cancellations, once the legs above are done.
      ...(creditsRefunds(legSettings) ? [refundsLeg(connections.webshop, instances.webshop, connections.economic, connections.rackbeat, legSettings)] : []),
      ...(settings.refunds.mode === 'credit-note' ? [cancellationsLeg(connections.webshop, instances.webshop, connections.rackbeat, connections.economic, legSettings)] : []),
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
