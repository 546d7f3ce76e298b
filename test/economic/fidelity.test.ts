import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator, type Schema } from 'jsonschema';
import { describe, expect, it } from 'vitest';
import { createEconomicClient } from '../../src/connectors/economic/client.js';
import { customerBody } from '../../src/connectors/economic/customers.js';
import { salesDocumentBody } from '../../src/connectors/economic/documents.js';
import { productBody } from '../../src/connectors/economic/products.js';
import type { Minor } from '../../src/domain/money.js';
import { call, sampleDocument, useEconomicSimulator } from './helpers.js';

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
];

const long = (length: number): string => 'x'.repeat(length);

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
