import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator, type Schema } from 'jsonschema';
import { describe, expect, it } from 'vitest';
import { createEconomicClient } from '../../src/connectors/economic/client.js';
import { customerBody } from '../../src/connectors/economic/customers.js';
import { salesDocumentBody } from '../../src/connectors/economic/documents.js';
import { bookingBody } from '../../src/connectors/economic/invoices.js';
import { customerPaymentBody } from '../../src/connectors/economic/journals.js';
import { productBody } from '../../src/connectors/economic/products.js';
import type { Minor } from '../../src/domain/money.js';
import { mapRefundToCreditNote } from '../../src/mapping/orders/credit-note.js';
import { call, sampleDocument, useEconomicSimulator } from './helpers.js';

/** A WooCommerce refund of one T-shirt (159.20 + 39.80 VAT), the shipping (49.00 + 12.25) and 25.00 more, credited on booked invoice 20261001. */
const CREDIT_NOTE = mapRefundToCreditNote(
  'woocommerce',
  {
    id: '730',
    order: { id: '727', number: '1042' },
    createdAt: new Date('2026-06-02T10:00:00Z'),
    reason: 'Goodwill',
    lines: [{ lineId: '72701', sku: 'TEE-RED-M', name: 'T-shirt – Red, M', quantity: 1, returned: false, net: 15_920 as Minor, tax: 3_980 as Minor }],
    shipping: { net: 4_900 as Minor, tax: 1_225 as Minor },
    total: 28_525 as Minor,
    raw: {},
  },
  { ...sampleDocument('rackbeat:5512 woocommerce:1042'), kind: 'draft-invoice', state: 'booked', number: 20_261_001, recipient: { name: 'Ann Lee', vatZoneNumber: 1 }, netAmount: 39_760 as Minor, vatAmount: 9_940 as Minor, grossAmount: 49_700 as Minor, roundingAmount: 0 as Minor, self: '' },
  { timezone: 'Europe/Copenhagen', layoutNumber: 19, paymentTermsNumber: 1, shippingProduct: 'SHIPPING', refundProduct: 'REFUND' },
);

/**
 * Fidelity against e-conomic's own JSON schemas (draft-03, read by `jsonschema`; Ajv cannot):
 * every request body the client builds must validate against its endpoint's schema, and the
 * simulator must refuse the bodies the schema refuses. The schemas are reference data in
 * ../shared, not copied into the project.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const schemaDir = resolve(repoRoot, '../shared/api/economic/schemas');
const schemasPresent = existsSync(schemaDir);
if (!schemasPresent) console.warn(`e-conomic fidelity test skipped: the vendor schemas are not at ${schemaDir}`);

const validator = new Validator();
const schemas = new Map<string, Schema>();
function loadSchema(name: string): Schema {
  let schema = schemas.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(resolve(schemaDir, `${name}.schema.json`), 'utf8')) as Schema;
    schemas.set(name, schema);
  }
  return schema;
}
function schemaErrors(body: unknown, schemaName: string): string[] {
  return validator.validate(body, loadSchema(schemaName)).errors.map((error) => `${error.property} ${error.message}`);
}

type BodyPath = Array<string | number>;

/**
 * Paths of every property the schema marks `required: true`, whose parent is present in `body`,
 * array elements included (`lines.0.unit.name`).
 */
function requiredPaths(schema: Schema, body: unknown, prefix: BodyPath = []): BodyPath[] {
  const paths: BodyPath[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const value = (body as Record<string, unknown> | undefined)?.[key];
    if ((property as { required?: unknown }).required === true) paths.push([...prefix, key]);
    const items = property.items;
    if (Array.isArray(value) && items && !Array.isArray(items)) {
      value.forEach((item, index) => paths.push(...requiredPaths(items, item, [...prefix, key, index])));
    } else if (value !== undefined && typeof value === 'object') {
      paths.push(...requiredPaths(property, value, [...prefix, key]));
    }
  }
  return paths;
}

function without(body: unknown, path: BodyPath): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  delete parent[path[path.length - 1] as string];
  return copy;
}

function withValue(body: unknown, path: BodyPath, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  parent[path[path.length - 1] as string] = value;
  return copy;
}

/** The bodies the client builds, fullest form (every optional field it can send filled in). */
const clientBodies = [
  {
    label: 'customer',
    endpoint: '/customers',
    schemas: ['customers.post'],
    body: customerBody({
      customerNumber: 5001,
      name: 'Clara Schmidt',
      currency: 'EUR',
      customerGroupNumber: 2,
      paymentTermsNumber: 1,
      vatZoneNumber: 2,
      email: 'clara@example.de',
      address: 'Hauptstr. 5',
      zip: '10115',
      city: 'Berlin',
      country: 'DE',
      corporateIdentificationNumber: 'DE123456789',
      telephoneAndFaxNumber: '+49 30 1234567',
    }),
  },
  {
    label: 'product',
    endpoint: '/products',
    schemas: ['products.post', 'products.productNumber.put'],
    body: productBody({
      productNumber: 'NEW/SKU 1',
      name: 'New product',
      productGroupNumber: 1,
      description: 'A product made by the fidelity test',
      salesPrice: 12_345 as Minor,
      costPrice: 4_000 as Minor,
      recommendedPrice: 15_000 as Minor,
      barCode: '5701234567890',
      barred: false,
      unitNumber: 1,
    }),
  },
  {
    label: 'order draft',
    endpoint: '/orders/drafts',
    schemas: ['orders.drafts.post'],
    body: salesDocumentBody({
      ...sampleDocument('rackbeat:5512 woocommerce:1042'),
      exchangeRate: 100,
      delivery: { address: 'Main St 1', zip: '8000', city: 'Aarhus', country: 'DK' },
      notes: { heading: 'WooCommerce order #1042', textLine1: 'Paid by card' },
    }),
  },
  {
    label: 'draft invoice',
    endpoint: '/invoices/drafts',
    schemas: ['invoices.drafts.post'],
    body: salesDocumentBody({ ...sampleDocument('rackbeat:5513'), dueDate: '2026-06-04', paymentTermsNumber: 4 }),
  },
  {
    // A refund of one of two T-shirts, the shipping and a goodwill amount, credited on invoice 20261001.
    label: 'credit note',
    endpoint: '/invoices/drafts',
    schemas: ['invoices.drafts.post'],
    body: salesDocumentBody(CREDIT_NOTE),
  },
];

const long = (length: number): string => 'x'.repeat(length);

describe.skipIf(!schemasPresent)('a credit note in e-conomic', () => {
  it('is a draft invoice with negative quantities that the simulator prices negative, in the invoice\'s VAT zone, and books', async () => {
    const sim = await startSim();
    const client = createEconomicClient(sim.config);
    const note = await client.draftInvoices.create(CREDIT_NOTE);
    // 159.20 + 49.00 shipping + 20.00 goodwill, net; VAT 25 % in zone 1: the refund's 285.25 gross, to the øre.
    expect(note.netAmount).toBe(-22_820);
    expect(note.grossAmount).toBe(-28_525);
    expect(note.recipient.vatZoneNumber).toBe(1);
    const booked = await client.invoices.book(bookingBody(note.number, 'none'));
    expect(booked.grossAmount).toBe(-28_525);
  });
});

/** One bad body per required field of the schema, each without that field. */
function eachRequiredDropped(label: string, endpoint: string, schema: string, body: unknown) {
  return requiredPaths(loadSchema(schema), body).map((path) => ({ label: `${label} without ${path.join('.')}`, endpoint, schema, body: without(body, path) }));
}

/** Sales-document bodies with a value of the wrong length, type or format (refused on POST and PUT alike). */
function malformedDocuments(order: unknown): Array<[string, unknown]> {
  return [
    ['recipient.name of 251 characters', withValue(order, ['recipient', 'name'], long(251))],
    ['references.other of 251 characters', withValue(order, ['references', 'other'], long(251))],
    ['notes.heading of 251 characters', withValue(order, ['notes', 'heading'], long(251))],
    ['a quantity as text', withValue(order, ['lines', 0, 'quantity'], '2')],
    ['a product number of 26 characters', withValue(order, ['lines', 0, 'product', 'productNumber'], long(26))],
    ['customer number 0', withValue(order, ['customer', 'customerNumber'], 0)],
    ['a date not in YYYY-MM-DD', withValue(order, ['date'], '27-05-2026')],
    ['a two-letter currency', withValue(order, ['currency'], 'DK')],
    ['lines that are not an array', withValue(order, ['lines'], {})],
  ];
}

/** Bodies e-conomic's schema refuses; the simulator must refuse each with 400. */
function badBodies(): Array<{ label: string; endpoint: string; schema: string; body: unknown }> {
  const [customer, product, order] = clientBodies.map((entry) => entry.body);
  const documentCases: Array<[string, unknown]> = [
    ...requiredPaths(loadSchema('orders.drafts.post'), order).map((path): [string, unknown] => [`without ${path.join('.')}`, without(order, path)]),
    ...malformedDocuments(order),
  ];
  return [
    ...documentCases.flatMap(([label, body]) => [
      { label: `order draft: ${label}`, endpoint: '/orders/drafts', schema: 'orders.drafts.post', body },
      { label: `draft invoice: ${label}`, endpoint: '/invoices/drafts', schema: 'invoices.drafts.post', body },
    ]),
    ...eachRequiredDropped('customer', '/customers', 'customers.post', customer),
    { label: 'customer name of 256 characters', endpoint: '/customers', schema: 'customers.post', body: withValue(customer, ['name'], long(256)) },
    { label: 'customer currency of 4 letters', endpoint: '/customers', schema: 'customers.post', body: withValue(customer, ['currency'], 'DKKK') },
    { label: 'customer e-mail of 256 characters', endpoint: '/customers', schema: 'customers.post', body: withValue(customer, ['email'], long(256)) },
    { label: 'customer number 0', endpoint: '/customers', schema: 'customers.post', body: withValue(customer, ['customerNumber'], 0) },
    ...eachRequiredDropped('product', '/products', 'products.post', product),
    { label: 'product number of 26 characters', endpoint: '/products', schema: 'products.post', body: withValue(product, ['productNumber'], long(26)) },
    { label: 'empty product name', endpoint: '/products', schema: 'products.post', body: withValue(product, ['name'], '') },
  ];
}

const startSim = useEconomicSimulator();

describe.skipIf(!schemasPresent)("e-conomic fidelity against e-conomic's own JSON schemas", () => {
  for (const entry of clientBodies) {
    for (const schema of entry.schemas) {
      it(`the client's ${entry.label} body validates against ${schema}`, () => {
        expect(schemaErrors(entry.body, schema)).toEqual([]);
      });
    }

    it(`dropping any required field from the client's ${entry.label} body fails ${entry.schemas[0]}`, () => {
      const schema = entry.schemas[0] as string;
      const required = requiredPaths(loadSchema(schema), entry.body);
      expect(required.length).toBeGreaterThan(2);
      for (const path of required) expect(schemaErrors(without(entry.body, path), schema), path.join('.')).not.toEqual([]);
    });

    it(`the simulator accepts the client's ${entry.label} body`, async () => {
      const sim = await startSim();
      const answer = await call(sim, 'POST', entry.endpoint, { body: entry.body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    });
  }

  it('the simulator refuses every body the schema refuses', async () => {
    const sim = await startSim();
    const cases = badBodies();
    expect(cases.length).toBeGreaterThan(40);
    for (const bad of cases) {
      expect(schemaErrors(bad.body, bad.schema), `schema should refuse ${bad.label}`).not.toEqual([]);
      const answer = await call(sim, 'POST', bad.endpoint, { body: bad.body });
      expect(answer.status, `simulator should refuse ${bad.label}`).toBe(400);
    }
    expect(sim.state.orderDrafts.size + sim.state.draftInvoices.size).toBe(0);
  });
});

/** The two kinds of draft a client replaces with PUT, and the vendor schema of each PUT. */
const replacements = [
  { kind: 'orderDrafts', endpoint: '/orders/drafts', schema: 'orders.drafts.orderNumber.put', createSchema: 'orders.drafts.post', required: 3 },
  { kind: 'draftInvoices', endpoint: '/invoices/drafts', schema: 'invoices.drafts.draftInvoiceNumber.put', createSchema: 'invoices.drafts.post', required: 2 },
] as const;

/**
 * The PUT body exactly as the client sends it, read from the simulator's write log after
 * `update`: every line with a unit, so the unit names the order PUT schema requires are in it.
 */
async function clientReplaceBody(kind: (typeof replacements)[number]['kind']): Promise<{ body: unknown; number: number; sim: Awaited<ReturnType<typeof startSim>> }> {
  const sim = await startSim();
  const client = createEconomicClient(sim.config);
  const draft = await client[kind].create(sampleDocument('rackbeat:5512 woocommerce:1042'));
  const input = sampleDocument('rackbeat:5512 woocommerce:1042');
  input.lines = input.lines.map((line, index) => ({ ...line, unitNumber: index + 1 }));
  input.delivery = { address: 'Main St 1', zip: '8000', city: 'Aarhus', country: 'DK' };
  expect(await client[kind].update(draft.number, input)).toBeDefined();
  const put = sim.simulator.writeLog.filter((entry) => entry.method === 'PUT');
  expect(put).toHaveLength(1);
  return { body: put[0]?.body, number: draft.number, sim };
}

describe.skipIf(!schemasPresent)("e-conomic fidelity of draft replacement (PUT) against e-conomic's own JSON schemas", () => {
  for (const entry of replacements) {
    it(`the client's ${entry.kind} PUT body validates against ${entry.schema} and ${entry.createSchema}`, async () => {
      const { body } = await clientReplaceBody(entry.kind);
      expect(schemaErrors(body, entry.schema)).toEqual([]);
      // The simulator holds a replacement to the create rules too.
      expect(schemaErrors(body, entry.createSchema)).toEqual([]);
    });

    it(`dropping any required field from the client's ${entry.kind} PUT body fails ${entry.schema}, and the simulator refuses it too`, async () => {
      const { body, number, sim } = await clientReplaceBody(entry.kind);
      const required = requiredPaths(loadSchema(entry.schema), body);
      expect(required).toHaveLength(entry.required);
      const cases: Array<[string, unknown]> = [
        ...required.map((path): [string, unknown] => [`without ${path.join('.')}`, without(body, path)]),
        ...malformedDocuments(body),
        ['a unit name of 101 characters', withValue(body, ['lines', 0, 'unit', 'name'], long(101))],
      ];
      const before = sim.state[entry.kind].get(number);
      for (const [label, bad] of cases) {
        expect(schemaErrors(bad, entry.schema), `schema should refuse ${label}`).not.toEqual([]);
        const answer = await call(sim, 'PUT', `${entry.endpoint}/${number}`, { body: bad });
        expect(answer.status, `simulator should refuse ${label}`).toBe(400);
      }
      expect(sim.state[entry.kind].get(number)).toBe(before);
    });
  }
});

/** A booked invoice in a fresh simulator, made the way the order flow makes it: order draft → upgrade template → draft invoice → booked. */
async function bookedThroughUpgrade() {
  const sim = await startSim();
  const client = createEconomicClient(sim.config);
  const order = await client.orderDrafts.create(sampleDocument('rackbeat:5512 woocommerce:1042'));
  const template = await client.invoices.upgradeTemplate(order.number, 'draft', '2026-06-01');
  const draft = await client.invoices.createDraft(template);
  const booking = bookingBody(draft.number, 'none');
  const booked = await client.invoices.book(booking);
  return { sim, client, order, template, draft, booking, booked };
}

describe.skipIf(!schemasPresent)("e-conomic fidelity of the invoice lifecycle against e-conomic's own JSON schemas", () => {
  it('an order upgrades to a draft invoice that keeps its reference, lines and totals, and books under a number of its own, wholly unpaid; the draft is gone', async () => {
    const { sim, order, template, draft, booking, booked } = await bookedThroughUpgrade();
    expect(schemaErrors(template, 'invoices.drafts.post')).toEqual([]);
    expect(schemaErrors(booking, 'invoices.booked.post')).toEqual([]);
    expect(draft).toMatchObject({ kind: 'draft-invoice', state: 'draft', reference: order.reference, grossAmount: order.grossAmount, customerNumber: order.customerNumber, date: '2026-06-01' });
    expect(booked).toMatchObject({ state: 'booked', reference: order.reference, grossAmount: order.grossAmount });
    expect(sim.state.draftInvoices.has(draft.number)).toBe(false);
    const read = await call(sim, 'GET', `/invoices/booked/${booked.number}`);
    expect(read.body).toMatchObject({ bookedInvoiceNumber: booked.number, remainder: read.body.grossAmount, remainderInBaseCurrency: read.body.grossAmountInBaseCurrency });
    expect(read.body).not.toHaveProperty('draftInvoiceNumber');
  });

  it('the templates an order and a draft invoice point at validate against their schemas', async () => {
    const sim = await startSim();
    const client = createEconomicClient(sim.config);
    const order = await client.orderDrafts.create(sampleDocument('rackbeat:1'));
    // The booking-instructions schema wants a draft number above 1 (`exclusiveMinimum`): make it the second draft.
    await client.draftInvoices.create(sampleDocument('rackbeat:0'));
    const templates = await call(sim, 'GET', `/orders/drafts/${order.number}/templates`);
    expect(schemaErrors(templates.body, 'orders.drafts.orderNumber.templates.get')).toEqual([]);
    const draft = await client.invoices.createDraft(await client.invoices.upgradeTemplate(order.number, 'draft', '2026-06-01'));
    const instructions = await call(sim, 'GET', `/invoices/drafts/${draft.number}/templates/booking-instructions`);
    expect(schemaErrors(instructions.body, 'invoices.drafts.draftInvoiceNumber.templates.booking-instructions.get')).toEqual([]);
    // The instructions are a ready body for POST /invoices/booked.
    const { self: _self, ...body } = instructions.body;
    expect((await call(sim, 'POST', '/invoices/booked', { body })).status).toBe(201);
  });

  it('a booked invoice\'s PDF is a whole PDF, read back byte for byte', async () => {
    const { sim, client, booked } = await bookedThroughUpgrade();
    const pdf = await client.invoices.pdf(booked.number);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // startxref points at the cross-reference table, and each object's offset at the object.
    const xref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    for (const [index, offset] of offsets.entries()) expect(text.slice(offset, offset + 7)).toBe(`${index + 1} 0 obj`);
    expect(text).toContain(`Invoice ${booked.number}`);
    expect((await fetch(`${sim.config.url}/invoices/booked/${booked.number}/pdf`, { headers: { 'X-AppSecretToken': sim.config.appSecretToken, 'X-AgreementGrantToken': sim.config.agreementGrantToken } })).headers.get('content-type')).toBe('application/pdf');
  });

  it('booking by EAN is refused for a customer without an EAN number, and the draft stays', async () => {
    const sim = await startSim();
    const client = createEconomicClient(sim.config);
    const draft = await client.draftInvoices.create(sampleDocument('rackbeat:7'));
    const answer = await call(sim, 'POST', '/invoices/booked', { body: bookingBody(draft.number, 'EAN') });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('EAN');
    expect(sim.state.draftInvoices.has(draft.number)).toBe(true);
    sim.state.customers.get(1001)!.ean = '5790000000000';
    expect((await call(sim, 'POST', '/invoices/booked', { body: bookingBody(draft.number, 'EAN') })).status).toBe(201);
  });

  it("the client's customer payment validates against the vouchers schema; the answer is an array; the entry is found by its text and, once the journal is booked, settles the invoice with its sign", async () => {
    const { sim, client, booked } = await bookedThroughUpgrade();
    const payment = {
      journalNumber: 2, date: '2026-06-02', amount: booked.grossAmount, currency: 'DKK', customerNumber: booked.customerNumber,
      bookedInvoiceNumber: booked.number, contraAccountNumber: 5821, text: 'Payment rackbeat:5512 woocommerce:1042',
    };
    const body = customerPaymentBody(payment);
    expect(schemaErrors(body, 'journals.journalNumber.vouchers.post')).toEqual([]);
    const answer = await call(sim, 'POST', '/journals/2/vouchers', { body });
    expect(answer.status).toBe(201);
    expect(Array.isArray(answer.body)).toBe(true);
    expect(await client.journals.findEntryByText(2, payment.text)).toEqual({ year: '2026', voucherNumber: 1 });
    expect(await client.journals.findEntryByText(2, payment.text.toUpperCase())).toBeUndefined();
    const entries = await call(sim, 'GET', `/journals/2/entries?filter=${encodeURIComponent('text$eq:Payment rackbeat:5512 woocommerce:1042')}`);
    expect(schemaErrors(entries.body, 'journals.journalNumber.entries.get')).toEqual([]);
    // Entries are drafts until the journal is booked; then the negative amount pays the invoice off.
    expect(await client.invoices.remainder(booked.number)).toBe(booked.grossAmount / 100);
    sim.state.journals.book(2);
    expect(await client.invoices.remainder(booked.number)).toBe(0);
  });

  it('the simulator refuses vouchers the schema refuses, and journals, accounts and invoices that do not exist', async () => {
    const { sim, booked } = await bookedThroughUpgrade();
    const body = customerPaymentBody({
      journalNumber: 2, date: '2026-06-02', amount: booked.grossAmount, currency: 'DKK', customerNumber: booked.customerNumber,
      bookedInvoiceNumber: booked.number, contraAccountNumber: 5821, text: 'Payment x',
    });
    const payment = ['entries', 'customerPayments', 0];
    const refused: Array<[string, unknown]> = [
      ...requiredPaths(loadSchema('journals.journalNumber.vouchers.post'), body).map((path): [string, unknown] => [`without ${path.join('.')}`, without(body, path)]),
      ['a text of 251 characters', withValue(body, [...payment, 'text'], long(251))],
    ];
    for (const [label, bad] of refused) {
      expect(schemaErrors(bad, 'journals.journalNumber.vouchers.post'), `schema should refuse ${label}`).not.toEqual([]);
      expect((await call(sim, 'POST', '/journals/2/vouchers', { body: bad })).status, `simulator should refuse ${label}`).toBe(400);
    }
    // Beyond the schema: at most 2 decimals (E04740), accounts and invoices that exist (E06000).
    expect((await call(sim, 'POST', '/journals/2/vouchers', { body: withValue(body, [...payment, 'amount'], -1.005) })).status).toBe(400);
    expect((await call(sim, 'POST', '/journals/2/vouchers', { body: withValue(body, [...payment, 'contraAccount', 'accountNumber'], 9999) })).status).toBe(400);
    expect((await call(sim, 'POST', '/journals/2/vouchers', { body: withValue(body, [...payment, 'customerInvoice'], 424242) })).status).toBe(400);
    expect((await call(sim, 'POST', '/journals/77/vouchers', { body })).status).toBe(404);
    expect(sim.state.journals.entriesOf(2)).toEqual([]);
  });
});
