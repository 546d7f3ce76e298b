import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from '../../src/connectors/shopify/documents.js';
import * as productDocuments from '../../src/connectors/shopify/product-documents.js';
import * as stockDocuments from '../../src/connectors/shopify/stock-documents.js';
import * as refundDocuments from '../../src/connectors/shopify/refund-documents.js';
import * as fulfilmentDocuments from '../../src/connectors/shopify/fulfilment-documents.js';
import { MAX_QUERY_COST } from '../../src/sandbox/shopify/graphql-endpoint.js';
import { operationCost } from '../../src/sandbox/shopify/query-cost.js';
import { SHOPIFY_SDL } from '../../src/sandbox/shopify/schema.js';

/**
 * Holds the client and the simulator to Shopify's published Admin schema, 2026-01
 * (../shared/api/shopify/admin-2026-01.graphql, reference data the project does not copy).
 */
const SCHEMA_PATH = fileURLToPath(new URL('../../../shared/api/shopify/admin-2026-01.graphql', import.meta.url));
const haveShopifySchema = existsSync(SCHEMA_PATH);
if (!haveShopifySchema) console.warn(`schema-fidelity: skipped, Shopify's schema is not at ${SCHEMA_PATH}`);

const ours = buildSchema(SHOPIFY_SDL);

/** Every document the client sends, with the variables that make it cost the most, and the cost the client reserves. */
const SENT = [
  { name: 'ShopIdentity', text: documents.SHOP_IDENTITY, variables: {}, reserved: 1 },
  {
    name: 'ChangedOrders',
    text: documents.CHANGED_ORDERS,
    variables: { first: documents.ORDERS_PER_PAGE, after: null, query: "updated_at:>='2026-01-01T00:00:00Z'" },
    reserved: documents.connectionCost(documents.ORDERS_PER_PAGE, documents.ORDER_NODE_COST),
  },
  {
    name: 'OrdersByName',
    text: documents.ORDERS_BY_NAME,
    variables: { query: 'name:1001' },
    reserved: documents.connectionCost(documents.ORDERS_BY_NAME_PAGE, documents.ORDER_NODE_COST),
  },
  {
    name: 'OrderLineItems',
    text: documents.ORDER_LINE_ITEMS,
    variables: { id: 'gid://shopify/Order/1', after: null },
    reserved: documents.connectionCost(documents.LINE_ITEMS_PER_PAGE, documents.LINE_ITEM_NODE_COST, 1),
  },
  {
    name: 'OrderShippingLines',
    text: documents.ORDER_SHIPPING_LINES,
    variables: { id: 'gid://shopify/Order/1', after: null },
    reserved: documents.connectionCost(documents.SHIPPING_LINES_PER_PAGE, documents.SHIPPING_LINE_NODE_COST, 1),
  },
  { name: 'OrderRefunds', text: refundDocuments.ORDER_REFUNDS, variables: { id: 'gid://shopify/Order/1' }, reserved: refundDocuments.ORDER_REFUNDS_COST },
  { name: 'TagsAdd', text: documents.TAGS_ADD, variables: { id: 'gid://shopify/Order/1', tags: ['x'] }, reserved: documents.MUTATION_COST },
  { name: 'ShopTaxes', text: productDocuments.SHOP_TAXES, variables: {}, reserved: 1 },
  {
    name: 'ChangedProducts',
    text: productDocuments.CHANGED_PRODUCTS,
    variables: { first: productDocuments.PRODUCTS_PER_PAGE, after: null, query: "updated_at:>='2026-01-01T00:00:00Z'" },
    reserved: documents.connectionCost(productDocuments.PRODUCTS_PER_PAGE, productDocuments.PRODUCT_NODE_COST),
  },
  {
    name: 'ProductVariants',
    text: productDocuments.PRODUCT_VARIANTS,
    variables: { id: 'gid://shopify/Product/1', after: null },
    reserved: documents.connectionCost(productDocuments.VARIANTS_PER_PAGE, productDocuments.VARIANT_NODE_COST, 1),
  },
  { name: 'PrimaryLocation', text: productDocuments.PRIMARY_LOCATION, variables: {}, reserved: 1 },
  {
    name: 'VariantsBySku',
    text: productDocuments.VARIANTS_BY_SKU,
    variables: { query: 'sku:"A" OR sku:"B"', after: null, locationId: 'gid://shopify/Location/1' },
    reserved: documents.connectionCost(productDocuments.SKU_VARIANTS_PER_PAGE, productDocuments.SKU_VARIANT_NODE_COST),
  },
  {
    name: 'SetQuantities',
    text: stockDocuments.SET_QUANTITIES,
    variables: { input: { name: 'available', reason: 'correction', quantities: [] }, key: 'k' },
    reserved: documents.MUTATION_COST,
  },
  { name: 'TrackInventoryItem', text: stockDocuments.TRACK_INVENTORY_ITEM, variables: { id: 'gid://shopify/InventoryItem/1' }, reserved: documents.MUTATION_COST },
  {
    name: 'FulfilmentState',
    text: fulfilmentDocuments.FULFILMENT_STATE,
    variables: { id: 'gid://shopify/Order/1', after: null },
    reserved: 1 + documents.connectionCost(fulfilmentDocuments.FULFILLMENT_ORDERS_PER_PAGE, fulfilmentDocuments.FULFILLMENT_ORDER_NODE_COST),
  },
  {
    name: 'FulfillmentOrderLines',
    text: fulfilmentDocuments.FULFILLMENT_ORDER_LINES,
    variables: { id: 'gid://shopify/FulfillmentOrder/1', after: null },
    reserved: documents.connectionCost(fulfilmentDocuments.FULFILLMENT_ORDER_LINES_PER_PAGE, fulfilmentDocuments.FULFILLMENT_ORDER_LINE_NODE_COST, 1),
  },
  {
    name: 'FulfillmentCreate',
    text: fulfilmentDocuments.FULFILLMENT_CREATE,
    variables: { fulfillment: { lineItemsByFulfillmentOrder: [] } },
    reserved: documents.MUTATION_COST,
  },
];

describe('the client prices its documents as the simulator does, all under 1,000 points', () => {
  it.each(SENT)('$name', ({ text, variables, reserved }) => {
    const document = parse(text);
    const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(
      document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])),
    );
    const cost = operationCost({ schema: ours, fragments, variables }, operation);
    expect(cost).toBe(reserved);
    expect(cost).toBeLessThanOrEqual(MAX_QUERY_COST);
  });
});

describe.skipIf(!haveShopifySchema)("fidelity to Shopify's Admin schema 2026-01", () => {
  const shopify: GraphQLSchema = haveShopifySchema ? buildSchema(readFileSync(SCHEMA_PATH, 'utf8')) : ours;

  it.each(SENT)('$name validates against it, using nothing deprecated (so it stays valid in 2026-04 and later)', ({ text }) => {
    const errors = validate(shopify, parse(text), [...specifiedRules, NoDeprecatedCustomRule]);
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('has every type, field, argument and enum value of the simulator SDL, with the same types', () => {
    const problems: string[] = [];
    for (const type of Object.values(ours.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      const real = shopify.getType(type.name);
      if (!real) {
        problems.push(`type ${type.name} is not in Shopify's schema`);
        continue;
      }
      problems.push(...compareType(type, real));
    }
    expect(problems).toEqual([]);
  });
});

function compareType(type: GraphQLNamedType, real: GraphQLNamedType): string[] {
  if (type.constructor !== real.constructor) return [`${type.name} is a ${real.constructor.name} in Shopify's schema`];
  const problems: string[] = [];
  if (isEnumType(type) && isEnumType(real)) {
    for (const value of type.getValues()) if (!real.getValue(value.name)) problems.push(`${type.name}.${value.name} is not a value in Shopify's schema`);
  }
  if ((isObjectType(type) && isObjectType(real)) || (isInterfaceType(type) && isInterfaceType(real))) {
    const realInterfaces = real.getInterfaces().map((face) => face.name);
    for (const face of type.getInterfaces()) if (!realInterfaces.includes(face.name)) problems.push(`${type.name} does not implement ${face.name}`);
    const realFields = real.getFields();
    for (const field of Object.values(type.getFields())) {
      const realField = realFields[field.name];
      if (!realField) {
        problems.push(`${type.name}.${field.name} is not in Shopify's schema`);
        continue;
      }
      if (String(field.type) !== String(realField.type)) problems.push(`${type.name}.${field.name}: ${field.type} here, ${realField.type} there`);
      for (const arg of field.args) {
        const realArg = realField.args.find((candidate) => candidate.name === arg.name);
        if (!realArg) problems.push(`${type.name}.${field.name}(${arg.name}) is not in Shopify's schema`);
        else if (String(arg.type) !== String(realArg.type) || arg.defaultValue !== realArg.defaultValue) {
          problems.push(`${type.name}.${field.name}(${arg.name}): ${arg.type} = ${String(arg.defaultValue)} here, ${realArg.type} = ${String(realArg.defaultValue)} there`);
        }
      }
      // A required argument Shopify has and we lack would let the simulator accept what Shopify rejects.
      for (const realArg of realField.args) {
        if (String(realArg.type).endsWith('!') && realArg.defaultValue === undefined && !field.args.some((arg) => arg.name === realArg.name)) {
          problems.push(`${type.name}.${field.name} lacks Shopify's required argument ${realArg.name}`);
        }
      }
    }
  }
  if (isInputObjectType(type) && isInputObjectType(real)) {
    for (const field of Object.values(type.getFields())) {
      const realField = real.getFields()[field.name];
      if (!realField || String(field.type) !== String(realField.type)) problems.push(`input ${type.name}.${field.name} differs from Shopify's`);
    }
  }
  return problems;
}
