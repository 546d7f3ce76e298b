import type { Step } from '../../engine/leg.js';
import { invoiceContext, type InvoiceContext } from './invoice-context.js';
import { bookStep, upgradeStep } from './invoice-steps.js';
import { mailStep } from './mail-step.js';
import { paymentStep } from './payment-step.js';
import type { RackbeatOrderRecord } from './rackbeat-to-economic.js';
import { ORDER_STEPS } from './steps.js';

/**
 * The steps after leg 2's document (`orders.invoice`), each its own stage in the log, each once:
 * upgrade the order to a draft invoice (`invoiced`; with `orders.document: invoice` the draft is
 * already there), book it (`booked`), register the webshop payment (`paid`), mail it (`mailed`).
 * None with `when: never`.
 */
export function invoiceLifecycleSteps(systems: Parameters<typeof invoiceContext>[0]): Array<Step<RackbeatOrderRecord>> {
  const { invoice, document } = systems.settings;
  if (invoice.when === 'never') return [];
  const context: InvoiceContext = invoiceContext(systems);
  const steps: Array<Step<RackbeatOrderRecord>> = [];
  if (document === 'order') steps.push(upgradeStep(context));
  if (!invoice.book) return steps;
  steps.push(bookStep(context, document === 'order' ? ORDER_STEPS.economicInvoice : ORDER_STEPS.economicDocument));
  if (invoice.payment) steps.push(paymentStep(context));
  if (invoice.mail) steps.push(mailStep(context));
  return steps;
}
