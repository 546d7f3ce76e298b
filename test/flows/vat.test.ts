import { beforeEach, describe, expect, it } from 'vitest';
import { assertSameTotals } from '../../src/flows/orders/check-totals.js';
import type { Minor } from '../../src/domain/money.js';
import type { CatalogueCustomer } from '../../src/sandbox/catalogue.js';
import { runOrders, worldConfig, type FlowRun } from './world/run-orders.js';
import { PLATFORMS, useFlowWorld, type FlowWorld } from './world/world.js';
import { expectTransferredOnce, totalsEverywhere, type TransferredOrder } from './helpers/order-checks.js';

/**
 * Issue 12 §3: the e-conomic VAT zone follows the VAT the shop charged and the buyer, the buyer's
 * VAT number reaches the Rackbeat and e-conomic customers, and the totals check compares net, VAT
 * and gross on both legs. Over the simulators (the e-conomic one charges 25 % VAT in zone 1 and
 * none in zones 2 and 3, so a wrong zone shows in the gross), for both webshops.
 */
const buyer = (email: string, country: string, extra: Partial<CatalogueCustomer> = {}): CatalogueCustomer => ({
  email,
  name: 'Pat Buyer',
  address: 'Street 1',
  city: 'Town',
  postcode: '1000',
  country,
  existsInBackOffice: false,
  ...extra,
});
const SWEDISH_CONSUMER = buyer('sven.consumer@example.se', 'SE');
const DANISH_CONSUMER = buyer('dorte.consumer@example.dk', 'DK');
const GERMAN_COMPANY = buyer('einkauf@kunde.example.de', 'DE', { name: 'Klaus Kunde', company: 'Kunde GmbH', vatNumber: 'DE811907980' });
const US_BUYER = buyer('sam@example.com', 'US');
const ITEMS = [{ sku: 'HOODIE-GRY-L', quantity: 1 }, { sku: 'MUG#BLK', quantity: 2 }];

describe.each(PLATFORMS)('VAT for buyers outside Denmark, with %s', (platform) => {
  const startWorld = useFlowWorld();
  let systems: FlowWorld;

  beforeEach(async () => {
    systems = await startWorld({ platform, seededOrders: 4 });
  });

  async function run(vatZones?: Record<string, unknown>): Promise<FlowRun> {
    const config = await worldConfig(systems, vatZones ? { vatZones } : {});
    return runOrders({ config, command: 'orders' });
  }

  /** The zone of the e-conomic document and, to the øre, its totals beside the shop's and Rackbeat's. */
  function landed(number: string): { zone: number; transferred: TransferredOrder; totals: ReturnType<typeof totalsEverywhere> } {
    const transferred = expectTransferredOnce(systems, number);
    const facts = systems.shop.orders().find((order) => order.number === number)!;
    const recipient = transferred.document.recipient as { vatZone: { vatZoneNumber: number } };
    return { zone: recipient.vatZone.vatZoneNumber, transferred, totals: totalsEverywhere(systems, facts, transferred) };
  }

  function expectSameGross(totals: ReturnType<typeof totalsEverywhere>): void {
    expect(totals.gross.rackbeat, 'Rackbeat gross = shop gross').toBe(totals.gross.shop);
    expect(totals.gross.economic, 'e-conomic gross = shop gross').toBe(totals.gross.shop);
    expect(totals.net.economic, 'e-conomic net = shop net').toBe(totals.net.shop);
  }

  it('books a Swedish consumer charged 25 % Danish VAT in the domestic zone, e-conomic gross = shop gross', async () => {
    const number = systems.shop.place({ customer: SWEDISH_CONSUMER, items: ITEMS, paid: true });
    expect((await run()).exitCode).toBe(0);

    const { zone, transferred, totals } = landed(number);
    expect(transferred.rackbeat.vatZone).toBe('domestic');
    expect(zone).toBe(1);
    expect(totals.gross.shop).toBeGreaterThan(totals.net.shop);
    expectSameGross(totals);
  });

  it('books a German company with a VAT number and no VAT in the EU zone, its VAT number on both customers', async () => {
    const number = systems.shop.place({ customer: GERMAN_COMPANY, items: ITEMS, paid: true });
    expect((await run()).exitCode).toBe(0);

    const { zone, transferred, totals } = landed(number);
    expect(transferred.rackbeat.vatZone).toBe('eu');
    expect(zone).toBe(2);
    expect(totals.gross.shop).toBe(totals.net.shop);
    expectSameGross(totals);
    const rackbeatCustomer = systems.rackbeat.state.customers.get(transferred.rackbeat.customerNumber)!;
    expect(rackbeatCustomer).toMatchObject({ vatNumber: 'DE811907980', vatZone: 'eu', companyName: 'Kunde GmbH' });
    const economicCustomer = systems.economic.state.customers.get((transferred.document.customer as { customerNumber: number }).customerNumber)!;
    expect(economicCustomer).toMatchObject({ corporateIdentificationNumber: 'DE811907980', vatZone: { vatZoneNumber: 2 } });
  });

  it('books a US buyer without VAT abroad, and one the shop charged Danish VAT as a domestic sale', async () => {
    const exported = systems.shop.place({ customer: US_BUYER, items: ITEMS, paid: true });
    const taxed = systems.shop.place({ customer: { ...US_BUYER, email: 'sam.taxed@example.com' }, items: ITEMS, paid: true, chargeVat: true });
    expect((await run()).exitCode).toBe(0);

    const abroad = landed(exported);
    expect(abroad.transferred.rackbeat.vatZone).toBe('abroad');
    expect(abroad.zone).toBe(3);
    expectSameGross(abroad.totals);
    const domestic = landed(taxed);
    expect(domestic.transferred.rackbeat.vatZone).toBe('domestic');
    expect(domestic.zone).toBe(1);
    expectSameGross(domestic.totals);
  });

  it('honours a zone configured for a rate charged (orders.vatZones.rates), country keys first', async () => {
    // An agreement with a zone of its own for EU consumers charged Danish VAT (zone numbers are agreement data).
    systems.economic.state.addVatZone({ vatZoneNumber: 5, name: 'EU consumers, Danish VAT', enabledForCustomer: true, enabledForSupplier: true, vatRatePercent: 25 });
    const swedish = systems.shop.place({ customer: SWEDISH_CONSUMER, items: ITEMS, paid: true });
    const danish = systems.shop.place({ customer: DANISH_CONSUMER, items: ITEMS, paid: true });
    expect((await run({ rates: { 'SE:25': 5 } })).exitCode).toBe(0);

    const inZone5 = landed(swedish);
    expect(inZone5.zone).toBe(5);
    expectSameGross(inZone5.totals);
    expect(landed(danish).zone).toBe(1);
  });

  it('fails a document whose gross differs from the shop\'s (a zone without VAT for a taxed sale), naming the setting to fix', async () => {
    const number = systems.shop.place({ customer: DANISH_CONSUMER, items: ITEMS, paid: true });
    const result = await run({ domestic: 2 });
    expect(result.exitCode).toBe(1);

    const rackbeatNumber = expectRackbeatOnly(number);
    const failed = result.legs[1]!.records.find((record) => record.sourceNumber === String(rackbeatNumber))!;
    expect(failed.outcome).toBe('failed');
    expect(failed.message).toMatch(/^e-conomic computed VAT of 0\.00 and a gross total of \d+\.\d\d, the source says \d+\.\d\d and \d+\.\d\d/);
    expect(failed.hint).toContain('orders.vatZones.domestic');
    expect(failed.hint).toContain('zone 2');
  });

  it('refuses a rate key it cannot read, naming it and saying what it must be', async () => {
    await expect(run({ rates: { '25%': 5 } })).rejects.toThrow(/orders\.vatZones\.rates\.25%: "25%" must be a VAT rate in percent/);
  });

  /** The order reached Rackbeat once; returns its number there. */
  function expectRackbeatOnly(shopNumber: string): number {
    const heading = `${platform === 'shopify' ? 'Shopify' : 'WooCommerce'} order #${shopNumber}`;
    const inRackbeat = [...systems.rackbeat.state.orders.values()].filter((order) => order.heading === heading);
    expect(inRackbeat).toHaveLength(1);
    return inRackbeat[0]!.number;
  }
});

describe('assertSameTotals', () => {
  const m = (value: number): Minor => value as Minor;
  const shop = { net: m(31_760), vat: m(7_940), gross: m(39_700) };

  it('passes totals equal to the øre, and within one øre per line of rounding', () => {
    expect(() => assertSameTotals('e-conomic', shop, shop, 2, 'zone hint')).not.toThrow();
    expect(() => assertSameTotals('e-conomic', { net: m(31_762), vat: m(7_941), gross: m(39_703) }, shop, 2, 'zone hint')).not.toThrow();
  });

  it('fails VAT and gross that differ with the caller\'s hint: shop gross 397.00, e-conomic gross 317.60', () => {
    expect(() => assertSameTotals('e-conomic', { net: m(31_760), vat: m(0), gross: m(31_760) }, shop, 2, 'set orders.vatZones.eu'))
      .toThrow(expect.objectContaining({
        message: 'e-conomic computed VAT of 0.00 and a gross total of 317.60, the source says 79.40 and 397.00',
        hint: 'set orders.vatZones.eu',
      }));
  });

  it('fails a net difference as a price problem', () => {
    expect(() => assertSameTotals('Rackbeat', { net: m(31_860), vat: m(7_965), gross: m(39_825) }, shop, 2, 'zone hint'))
      .toThrow(expect.objectContaining({
        message: 'Rackbeat computed a net total of 318.60, VAT of 79.65 and a gross total of 398.25, the source says 317.60, 79.40 and 397.00',
        hint: expect.stringMatching(/prices, VAT and discounts/),
      }));
  });
});
