import { connectionCost } from './documents.js';

/**
 * The GraphQL documents for products and variants (test/shopify/schema-fidelity.test.ts validates
 * each against Shopify's 2026-01 schema and prices it with the simulator's cost model).
 *
 * Cost (Shopify's documented model, as in documents.ts): one variant node below costs
 * VARIANT_NODE_COST = 1 (variant) + 1 (inventoryItem) + 1 (its unitCost) = 3; one product node
 * 1 + variants (2 + 20 × 3) = 63, so a page of PRODUCTS_PER_PAGE = 15 products costs
 * 2 + 15 × 63 = 947, under the 1,000 maximum. A product with more than 20 variants gets the rest
 * from PRODUCT_VARIANTS, 250 at a time (1 + 2 + 250 × 3 = 753).
 *
 * Looked up by SKU, a variant node costs SKU_VARIANT_NODE_COST = 1 + inventoryItem 1 + unitCost 1
 * + inventoryLevel 1 + its quantities 1 + product 1 = 6: a page of 100 costs 602. SKUS_PER_QUERY
 * SKUs go in one search, OR-ed, so a page holds them all unless several variants share SKUs.
 */
export const VARIANTS_PER_PRODUCT = 20;
export const VARIANT_NODE_COST = 3;
export const PRODUCT_NODE_COST = 1 + connectionCost(VARIANTS_PER_PRODUCT, VARIANT_NODE_COST);
export const PRODUCTS_PER_PAGE = 15;
export const VARIANTS_PER_PAGE = 250;

export const SKUS_PER_QUERY = 50;
export const SKU_VARIANTS_PER_PAGE = 100;
export const SKU_VARIANT_NODE_COST = 6;

const PRODUCT_FIELDS = 'id title status hasOnlyDefaultVariant createdAt updatedAt';
const VARIANT_SCALARS = 'id sku barcode title price createdAt updatedAt';
const VARIANT_FIELDS = `${VARIANT_SCALARS} inventoryQuantity inventoryItem { id tracked unitCost { amount } }`;

/** Whether the shop's prices include tax (Shop.taxesIncluded): read once a run. */
export const SHOP_TAXES = `
query ShopTaxes {
  shop { taxesIncluded }
}`;

/**
 * Products oldest change first, ties by id (the cursor carries both), from `updated_at:>=`. A
 * variant's edit moves its product's updatedAt ([U] the products/update webhook fires for it).
 */
export const CHANGED_PRODUCTS = `
query ChangedProducts($first: Int!, $after: String, $query: String!) {
  products(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${PRODUCT_FIELDS}
      variants(first: ${VARIANTS_PER_PRODUCT}) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
    }
  }
}`;

export const PRODUCT_VARIANTS = `
query ProductVariants($id: ID!, $after: String) {
  product(id: $id) {
    variants(first: ${VARIANTS_PER_PAGE}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
  }
}`;

/** The shop's primary location: QueryRoot.location without an id. */
export const PRIMARY_LOCATION = `
query PrimaryLocation {
  location { id }
}`;

/** Variants by SKU (`sku:"A" OR sku:"B"`), each with its product and its level at one location. */
export const VARIANTS_BY_SKU = `
query VariantsBySku($query: String!, $after: String, $locationId: ID!) {
  productVariants(first: ${SKU_VARIANTS_PER_PAGE}, after: $after, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${VARIANT_SCALARS}
      inventoryItem { id tracked unitCost { amount } inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { quantity } } }
      product { ${PRODUCT_FIELDS} }
    }
  }
}`;
