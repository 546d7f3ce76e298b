/**
 * Our SDL of the part of Shopify's Admin GraphQL schema (2026-01) that iex-sync uses. Every type,
 * field, argument and enum value here exists in Shopify's published schema with the same type
 * (test/shopify/schema-fidelity.test.ts checks it against Shopify's published Admin GraphQL 2026-01 schema),
 * so graphql-js rejects here what Shopify rejects at validation: unknown fields, wrong argument types.
 */
export const SHOPIFY_SDL = /* GraphQL */ `
schema {
  query: QueryRoot
  mutation: Mutation
}

directive @idempotent(key: String!) on FIELD

scalar DateTime
scalar Decimal
scalar Money
scalar URL
scalar UnsignedInt64

interface Node {
  id: ID!
}

type QueryRoot {
  shop: Shop!
  order(id: ID!): Order
  orders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: OrderSortKeys = PROCESSED_AT, query: String, savedSearchId: ID): OrderConnection!
  product(id: ID!): Product
  products(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductSortKeys = ID, query: String, savedSearchId: ID): ProductConnection!
  productVariants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductVariantSortKeys = ID, query: String, savedSearchId: ID): ProductVariantConnection!
  inventoryItem(id: ID!): InventoryItem
  location(id: ID): Location
  fulfillmentOrder(id: ID!): FulfillmentOrder
  job(id: ID!): Job
}

type Mutation {
  tagsAdd(id: ID!, tags: [String!]!): TagsAddPayload
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  inventoryItemUpdate(id: ID!, input: InventoryItemInput!): InventoryItemUpdatePayload
  fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
  refundCreate(input: RefundInput!): RefundCreatePayload
  orderCancel(orderId: ID!, refund: Boolean @deprecated(reason: "Use refundMethod instead."), refundMethod: OrderCancelRefundMethodInput, restock: Boolean!, reason: OrderCancelReason!, notifyCustomer: Boolean = false, staffNote: String = null): OrderCancelPayload
}

input RefundInput {
  orderId: ID!
  note: String
  notify: Boolean
  shipping: ShippingRefundInput
  refundLineItems: [RefundLineItemInput!]
  transactions: [OrderTransactionInput!]
}

input RefundLineItemInput {
  lineItemId: ID!
  quantity: Int!
  restockType: RefundLineItemRestockType
  locationId: ID
}

input ShippingRefundInput {
  amount: Money
  fullRefund: Boolean
}

input OrderTransactionInput {
  amount: Money!
  gateway: String!
  kind: OrderTransactionKind!
  orderId: ID!
  parentId: ID
}

enum OrderTransactionKind {
  SALE
  CAPTURE
  AUTHORIZATION
  VOID
  REFUND
  CHANGE
  EMV_AUTHORIZATION
  SUGGESTED_REFUND
}

type RefundCreatePayload {
  order: Order
  refund: Refund
  userErrors: [UserError!]!
}

input OrderCancelRefundMethodInput {
  originalPaymentMethodsRefund: Boolean
}

type OrderCancelPayload {
  job: Job
  orderCancelUserErrors: [OrderCancelUserError!]!
}

type OrderCancelUserError {
  code: OrderCancelUserErrorCode
  field: [String!]
  message: String!
}

enum OrderCancelUserErrorCode {
  NOT_FOUND
  INVALID
  INTERNAL_ERROR
}

type OrderCancellation {
  staffNote: String
}

type Job {
  done: Boolean!
  id: ID!
  query: QueryRoot
}

input FulfillmentInput {
  trackingInfo: FulfillmentTrackingInput
  notifyCustomer: Boolean = false
  lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
}

input FulfillmentTrackingInput {
  number: String
  url: URL
  company: String
}

input FulfillmentOrderLineItemsInput {
  fulfillmentOrderId: ID!
  fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
}

input FulfillmentOrderLineItemInput {
  id: ID!
  quantity: Int!
}

type FulfillmentCreatePayload {
  fulfillment: Fulfillment
  userErrors: [UserError!]!
}

type Fulfillment implements Node {
  id: ID!
  status: FulfillmentStatus!
  createdAt: DateTime!
  totalQuantity: Int!
  trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
}

type FulfillmentTrackingInfo {
  company: String
  number: String
  url: URL
}

type FulfillmentOrderConnection {
  edges: [FulfillmentOrderEdge!]!
  nodes: [FulfillmentOrder!]!
  pageInfo: PageInfo!
}

type FulfillmentOrderEdge {
  cursor: String!
  node: FulfillmentOrder!
}

type FulfillmentOrder implements Node {
  id: ID!
  orderId: ID!
  status: FulfillmentOrderStatus!
  updatedAt: DateTime!
  supportedActions: [FulfillmentOrderSupportedAction!]!
  assignedLocation: FulfillmentOrderAssignedLocation!
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderLineItemConnection!
}

type FulfillmentOrderSupportedAction {
  action: FulfillmentOrderAction!
}

type FulfillmentOrderAssignedLocation {
  name: String!
  location: Location
}

type FulfillmentOrderLineItemConnection {
  edges: [FulfillmentOrderLineItemEdge!]!
  nodes: [FulfillmentOrderLineItem!]!
  pageInfo: PageInfo!
}

type FulfillmentOrderLineItemEdge {
  cursor: String!
  node: FulfillmentOrderLineItem!
}

type FulfillmentOrderLineItem implements Node {
  id: ID!
  totalQuantity: Int!
  remainingQuantity: Int!
  sku: String
  lineItem: LineItem!
}

input InventorySetQuantitiesInput {
  reason: String!
  name: String!
  referenceDocumentUri: String
  quantities: [InventoryQuantityInput!]!
  ignoreCompareQuantity: Boolean = false @deprecated(reason: "Pass null to InventoryQuantityInput.changeFromQuantity instead. Removed in 2026-04.")
}

input InventoryQuantityInput {
  inventoryItemId: ID!
  locationId: ID!
  quantity: Int!
  compareQuantity: Int @deprecated(reason: "Use changeFromQuantity instead. Removed in 2026-04.")
  changeFromQuantity: Int
}

input InventoryItemInput {
  sku: String
  cost: Decimal
  tracked: Boolean
}

type InventorySetQuantitiesPayload {
  inventoryAdjustmentGroup: InventoryAdjustmentGroup
  userErrors: [InventorySetQuantitiesUserError!]!
}

type InventorySetQuantitiesUserError {
  code: InventorySetQuantitiesUserErrorCode
  field: [String!]
  message: String!
}

type InventoryAdjustmentGroup implements Node {
  id: ID!
  createdAt: DateTime!
  reason: String!
  referenceDocumentUri: String
  changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
}

type InventoryChange {
  name: String!
  delta: Int!
  quantityAfterChange: Int
}

type InventoryItemUpdatePayload {
  inventoryItem: InventoryItem
  userErrors: [UserError!]!
}

type Shop implements Node {
  id: ID!
  name: String!
  myshopifyDomain: String!
  url: URL!
  currencyCode: CurrencyCode!
  ianaTimezone: String!
  taxesIncluded: Boolean!
}

type ProductConnection {
  edges: [ProductEdge!]!
  nodes: [Product!]!
  pageInfo: PageInfo!
}

type ProductEdge {
  cursor: String!
  node: Product!
}

type Product implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  handle: String!
  status: ProductStatus!
  createdAt: DateTime!
  updatedAt: DateTime!
  hasOnlyDefaultVariant: Boolean!
  tracksInventory: Boolean!
  totalInventory: Int!
  variants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductVariantSortKeys = POSITION): ProductVariantConnection!
}

type ProductVariantConnection {
  edges: [ProductVariantEdge!]!
  nodes: [ProductVariant!]!
  pageInfo: PageInfo!
}

type ProductVariantEdge {
  cursor: String!
  node: ProductVariant!
}

type ProductVariant implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  displayName: String!
  sku: String
  barcode: String
  price: Money!
  position: Int!
  createdAt: DateTime!
  updatedAt: DateTime!
  inventoryQuantity: Int
  selectedOptions: [SelectedOption!]!
  inventoryItem: InventoryItem!
  product: Product!
}

type SelectedOption {
  name: String!
  value: String!
}

type InventoryItem implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  sku: String
  tracked: Boolean!
  unitCost: MoneyV2
  createdAt: DateTime!
  updatedAt: DateTime!
  inventoryLevel(locationId: ID!): InventoryLevel
}

type InventoryLevel implements Node {
  id: ID!
  createdAt: DateTime!
  updatedAt: DateTime!
  location: Location!
  quantities(names: [String!]!): [InventoryQuantity!]!
}

type InventoryQuantity implements Node {
  id: ID!
  name: String!
  quantity: Int!
  updatedAt: DateTime
}

type Location implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  isActive: Boolean!
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

type OrderConnection {
  edges: [OrderEdge!]!
  nodes: [Order!]!
  pageInfo: PageInfo!
}

type OrderEdge {
  cursor: String!
  node: Order!
}

type Order implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  number: Int!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  cancelledAt: DateTime
  cancelReason: OrderCancelReason
  cancellation: OrderCancellation
  closed: Boolean!
  test: Boolean!
  email: String
  phone: String
  note: String
  tags: [String!]!
  currencyCode: CurrencyCode!
  taxesIncluded: Boolean!
  displayFinancialStatus: OrderDisplayFinancialStatus
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  paymentGatewayNames: [String!]!
  discountCodes: [String!]!
  taxExempt: Boolean!
  customer: Customer
  purchasingEntity: PurchasingEntity
  billingAddress: MailingAddress
  shippingAddress: MailingAddress
  subtotalPriceSet: MoneyBag
  totalPriceSet: MoneyBag!
  totalTaxSet: MoneyBag
  totalShippingPriceSet: MoneyBag!
  totalDiscountsSet: MoneyBag
  taxLines: [TaxLine!]!
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
  fulfillmentOrders(displayable: Boolean = false, first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String): FulfillmentOrderConnection!
  fulfillments(first: Int, query: String): [Fulfillment!]!
  shippingLines(includeRemovals: Boolean = false, first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ShippingLineConnection!
  refunds(first: Int): [Refund!]!
}

type Refund implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  createdAt: DateTime
  processedAt: DateTime!
  updatedAt: DateTime!
  note: String
  totalRefundedSet: MoneyBag!
  refundLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): RefundLineItemConnection!
  refundShippingLines(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): RefundShippingLineConnection!
}

type RefundLineItemConnection {
  edges: [RefundLineItemEdge!]!
  nodes: [RefundLineItem!]!
  pageInfo: PageInfo!
}

type RefundLineItemEdge {
  cursor: String!
  node: RefundLineItem!
}

type RefundLineItem {
  id: ID
  lineItem: LineItem!
  quantity: Int!
  restockType: RefundLineItemRestockType!
  restocked: Boolean!
  priceSet: MoneyBag!
  subtotalSet: MoneyBag!
  totalTaxSet: MoneyBag!
}

enum RefundLineItemRestockType {
  RETURN
  CANCEL
  LEGACY_RESTOCK
  NO_RESTOCK
}

type RefundShippingLineConnection {
  edges: [RefundShippingLineEdge!]!
  nodes: [RefundShippingLine!]!
  pageInfo: PageInfo!
}

type RefundShippingLineEdge {
  cursor: String!
  node: RefundShippingLine!
}

type RefundShippingLine implements Node {
  id: ID!
  subtotalAmountSet: MoneyBag!
  taxAmountSet: MoneyBag!
}

type LineItemConnection {
  edges: [LineItemEdge!]!
  nodes: [LineItem!]!
  pageInfo: PageInfo!
}

type LineItemEdge {
  cursor: String!
  node: LineItem!
}

type LineItem implements Node {
  id: ID!
  sku: String
  name: String!
  title: String!
  variantTitle: String
  quantity: Int!
  currentQuantity: Int!
  unfulfilledQuantity: Int!
  taxable: Boolean!
  originalUnitPriceSet: MoneyBag!
  discountedUnitPriceSet: MoneyBag!
  totalDiscountSet: MoneyBag!
  discountedTotalSet(withCodeDiscounts: Boolean = false): MoneyBag!
  taxLines(first: Int): [TaxLine!]!
}

type ShippingLineConnection {
  edges: [ShippingLineEdge!]!
  nodes: [ShippingLine!]!
  pageInfo: PageInfo!
}

type ShippingLineEdge {
  cursor: String!
  node: ShippingLine!
}

type ShippingLine {
  id: ID
  title: String!
  code: String
  originalPriceSet: MoneyBag!
  discountedPriceSet: MoneyBag!
  taxLines: [TaxLine!]!
}

type TaxLine {
  title: String!
  rate: Float
  ratePercentage: Float
  priceSet: MoneyBag!
}

type MoneyBag {
  shopMoney: MoneyV2!
  presentmentMoney: MoneyV2!
}

type MoneyV2 {
  amount: Decimal!
  currencyCode: CurrencyCode!
}

type Customer implements Node {
  id: ID!
  firstName: String
  lastName: String
  displayName: String!
  defaultEmailAddress: CustomerEmailAddress
  taxExempt: Boolean!
  taxExemptions: [TaxExemption!]!
}

union PurchasingEntity = Customer | PurchasingCompany

type PurchasingCompany {
  company: Company!
  location: CompanyLocation!
}

type Company implements Node {
  id: ID!
  name: String!
}

type CompanyLocation implements Node {
  id: ID!
  name: String!
  taxSettings: CompanyLocationTaxSettings!
}

type CompanyLocationTaxSettings {
  taxExempt: Boolean!
  taxExemptions: [TaxExemption!]!
  taxRegistrationId: String
}

type CustomerEmailAddress {
  emailAddress: String!
}

type MailingAddress implements Node {
  id: ID!
  firstName: String
  lastName: String
  name: String
  company: String
  address1: String
  address2: String
  city: String
  zip: String
  province: String
  provinceCode: String
  country: String
  countryCodeV2: CountryCode
  phone: String
}

type TagsAddPayload {
  node: Node
  userErrors: [UserError!]!
}

type UserError {
  field: [String!]
  message: String!
}

enum OrderSortKeys {
  CREATED_AT
  ID
  PROCESSED_AT
  UPDATED_AT
}

enum FulfillmentOrderStatus {
  OPEN
  IN_PROGRESS
  CANCELLED
  INCOMPLETE
  CLOSED
  SCHEDULED
  ON_HOLD
}

enum FulfillmentOrderAction {
  CREATE_FULFILLMENT
  REQUEST_FULFILLMENT
  CANCEL_FULFILLMENT_ORDER
  MOVE
  REQUEST_CANCELLATION
  MARK_AS_OPEN
  RELEASE_HOLD
  HOLD
  EXTERNAL
  SPLIT
  MERGE
}

enum FulfillmentStatus {
  SUCCESS
  CANCELLED
  ERROR
  FAILURE
}

enum InventorySetQuantitiesUserErrorCode {
  INVALID_INVENTORY_ITEM
  INVALID_LOCATION
  INVALID_QUANTITY_NEGATIVE
  INVALID_REASON
  INVALID_REFERENCE_DOCUMENT
  ITEM_NOT_STOCKED_AT_LOCATION
  INVALID_QUANTITY_TOO_HIGH
  INVALID_QUANTITY_TOO_LOW
  COMPARE_QUANTITY_REQUIRED
  COMPARE_QUANTITY_STALE
  CHANGE_FROM_QUANTITY_STALE
  INVALID_NAME
  NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
  NON_MUTABLE_INVENTORY_ITEM
  IDEMPOTENCY_CONCURRENT_REQUEST
  IDEMPOTENCY_KEY_PARAMETER_MISMATCH
  IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED
}

enum ProductStatus {
  ACTIVE
  ARCHIVED
  DRAFT
  UNLISTED
}

enum ProductSortKeys {
  CREATED_AT
  ID
  UPDATED_AT
}

enum ProductVariantSortKeys {
  ID
  POSITION
}

enum OrderDisplayFinancialStatus {
  PENDING
  AUTHORIZED
  PARTIALLY_PAID
  PARTIALLY_REFUNDED
  VOIDED
  PAID
  REFUNDED
  EXPIRED
}

enum OrderDisplayFulfillmentStatus {
  UNFULFILLED
  PARTIALLY_FULFILLED
  FULFILLED
  RESTOCKED
  PENDING_FULFILLMENT
  OPEN
  IN_PROGRESS
  ON_HOLD
  SCHEDULED
  REQUEST_DECLINED
}

enum OrderCancelReason {
  CUSTOMER
  DECLINED
  FRAUD
  INVENTORY
  STAFF
  OTHER
}

enum TaxExemption {
  EU_REVERSE_CHARGE_EXEMPTION_RULE
  CA_STATUS_CARD_EXEMPTION
}

enum CurrencyCode {
  DKK
  EUR
  NOK
  SEK
  USD
}

enum CountryCode {
  DE
  DK
  FI
  NO
  SE
  US
}
`;
