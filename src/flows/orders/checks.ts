import type { EconomicClient } from '../../connectors/economic/client.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { OrdersSettings } from '../../config/sections/orders.js';
import type { Webshop } from '../../connectors/webshop.js';
import { checking, failed, numbersExist, passed, type CheckResult, type NamedNumber } from '../checks.js';
import { locationProblem } from '../stock/location.js';
import { fulfilmentCheck } from './fulfilment-check.js';

interface OrdersCheckContext {
  connections: { rackbeat: RackbeatClient; economic: EconomicClient; webshop: Webshop };
  settings: OrdersSettings;
}

/**
 * What the order flow's config names, checked in the systems (read only): the e-conomic layout,
 * payment terms, customer group and VAT zones of its documents; the shipping, discount and fee
 * products in Rackbeat and e-conomic; and that Rackbeat's own e-conomic app is not also sending
 * invoices (IEX's recommended-flow article: turn it off, or every invoice is sent twice); with
 * orders.fulfilment, that the shop shows an order's fulfilment state (fulfilment-check.ts).
 */
export async function ordersChecks({ connections: { rackbeat, economic, webshop }, settings }: OrdersCheckContext): Promise<CheckResult[]> {
  const zones: NamedNumber[] = [
    { key: 'orders.vatZones.domestic', number: settings.vatZones.domestic },
    { key: 'orders.vatZones.eu', number: settings.vatZones.eu },
    { key: 'orders.vatZones.abroad', number: settings.vatZones.abroad },
    ...Object.entries(settings.vatZones.rates).map(([rate, number]) => ({ key: `orders.vatZones.rates.${rate}`, number })),
  ];
  const products = [
    { key: 'orders.shippingProduct', number: settings.shippingProduct },
    { key: 'orders.discountProduct', number: settings.discountProduct },
    { key: 'orders.feeProduct', number: settings.feeProduct },
  ];
  const groups = await Promise.all([
    checking('orders.layoutNumber', async () =>
      numbersExist('e-conomic', 'layout', [{ key: 'orders.layoutNumber', number: settings.layoutNumber }], (await economic.layouts()).filter((layout) => !layout.deleted).map((layout) => [layout.layoutNumber, layout.name]), 'Settings → Layouts')),
    checking('orders.paymentTermsNumber', async () =>
      numbersExist('e-conomic', 'payment terms', [{ key: 'orders.paymentTermsNumber', number: settings.paymentTermsNumber }], (await economic.paymentTerms()).map((terms) => [terms.paymentTermsNumber, terms.name]), 'Settings → Payment terms')),
    checking('orders.customerGroupNumber', async () =>
      numbersExist('e-conomic', 'customer group', [{ key: 'orders.customerGroupNumber', number: settings.customerGroupNumber }], (await economic.customerGroups()).map((group) => [group.customerGroupNumber, group.name]), 'Settings → Customer groups')),
    checking('orders.vatZones', async () => numbersExist('e-conomic', 'VAT zone', zones, (await economic.vatZones()).map((zone) => [zone.vatZoneNumber, zone.name]), 'Settings → VAT')),
    ...products.map((product) => checking(product.key, () => productExists(rackbeat, economic, product))),
    checking("Rackbeat's own e-conomic app", () => rackbeatEconomicApp(rackbeat)),
    ...paymentChecks(economic, settings),
    ...(settings.fulfilment.enabled ? [checking('orders.fulfilment', () => fulfilmentCheck(webshop, new Date()))] : []),
    ...(settings.refunds.restock ? [checking('orders.refunds.restockLocation', () => restockLocationCheck(rackbeat, settings.refunds.restockLocation))] : []),
  ]);
  return groups.flat();
}

async function productExists(rackbeat: RackbeatClient, economic: EconomicClient, { key, number }: { key: string; number: string }): Promise<CheckResult> {
  const [inRackbeat, inEconomic] = await Promise.all([rackbeat.product(number), economic.products.get(number)]);
  const missing = [inRackbeat ? '' : 'Rackbeat', inEconomic ? '' : 'e-conomic'].filter(Boolean);
  if (missing.length === 0) return passed(`${key} ${number}`, 'a product in Rackbeat and e-conomic');
  return failed(
    `${key} ${number}`,
    `no product ${number} in ${missing.join(' or ')}`,
    `create product ${number} in ${missing.join(' and ')} (same number in both), or set ${key} to a product number both have`,
  );
}

/** With orders.refunds.restock: the Rackbeat location returned goods go back to. */
async function restockLocationCheck(rackbeat: RackbeatClient, locationNumber: number | undefined): Promise<CheckResult> {
  const name = `orders.refunds.restockLocation ${locationNumber ?? '(not set)'}`;
  const problem = locationNumber === undefined ? 'not set' : await locationProblem(rackbeat, { locationNumber });
  return problem ? failed(name, problem, 'set orders.refunds.restockLocation to one of those Rackbeat location numbers') : passed(name, 'Rackbeat location exists');
}

/** Rackbeat's own e-conomic app sends every invoice booked in Rackbeat to e-conomic: with this flow too, each would arrive twice. */
async function rackbeatEconomicApp(rackbeat: RackbeatClient): Promise<CheckResult> {
  const name = "Rackbeat's own e-conomic app";
  const apps = await rackbeat.installedApps();
  const app = apps.find((candidate) => /e-?conomic/i.test(candidate.name));
  if (!app) return passed(name, `not installed (apps on the account: ${apps.map((each) => each.name).join(', ') || 'none'})`);
  return failed(
    name,
    `installed ("${app.name}"): it sends customer invoices to e-conomic when they are booked in Rackbeat, and the API does not show whether that is on`,
    "in Rackbeat, Apps → e-conomic → settings, turn off the transfer of customer invoices (or uninstall the app), so nothing reaches e-conomic twice; this check stays ✗ while the app is installed, so look there by hand each time",
  );
}

/** With orders.invoice.payment: the journal payments are entered in and every contra account it names. */
function paymentChecks(economic: EconomicClient, settings: OrdersSettings): Array<Promise<CheckResult[]>> {
  const payment = settings.invoice.payment;
  if (!payment) return [];
  const journalKey = 'orders.invoice.payment.journalNumber';
  const accounts: NamedNumber[] = [
    ...(payment.contraAccount === undefined ? [] : [{ key: 'orders.invoice.payment.contraAccount', number: payment.contraAccount }]),
    ...Object.entries(payment.byMethod).map(([method, number]) => ({ key: `orders.invoice.payment.byMethod.${method}`, number })),
  ];
  return [
    checking(journalKey, async () =>
      (await economic.journals.journalExists(payment.journalNumber))
        ? passed(`${journalKey} ${payment.journalNumber}`, 'e-conomic journal exists')
        : failed(`${journalKey} ${payment.journalNumber}`, `e-conomic has no journal ${payment.journalNumber}`, `set ${journalKey} to a journal that exists, or create it in e-conomic under Accounting → Journals`),
    ),
    ...accounts.map(({ key, number }) =>
      checking(key, async () =>
        (await economic.journals.accountExists(number))
          ? passed(`${key} ${number}`, 'e-conomic account exists')
          : failed(`${key} ${number}`, `e-conomic has no account ${number}`, `set ${key} to an account in the chart of accounts (Accounting → Chart of accounts)`),
      ),
    ),
  ];
}
