import { decodeProductNumber } from '../../connectors/economic/product-number.js';
import { AnnotatedErrors, checkRules, type FieldRule, type PathSegment } from './body-rules.js';
import { ERROR_CODES } from './errors.js';
import type { EconomicSimState, SimRecord } from './state.js';

/**
 * What e-conomic refuses on create, per its POST schemas (e-conomic REST schemas, e.g.
 * orders.drafts.post) and the rules the docs add on top: references must exist (E06000) and carry a
 * number or a self link (E04500); document lines with a quantity or price need a product (E04730)
 * that exists, with a description (schema: "when setting existing products, description field is
 * required"); at most 2 decimals (E04740); dueDate mandatory for payment terms of type dueDate
 * (E04042).
 */
const DATE = /\d{4}-\d{2}-\d{2}/;

const reference = (path: string, required = false): FieldRule => ({ path, type: 'object', required });

/** customers.post.schema.json */
export const CUSTOMER_RULES: readonly FieldRule[] = [
  { path: 'name', type: 'string', required: true, minLength: 1, maxLength: 255 },
  { path: 'currency', type: 'string', required: true, minLength: 3, maxLength: 3 },
  reference('customerGroup', true),
  reference('paymentTerms', true),
  reference('vatZone', true),
  reference('layout'),
  { path: 'customerNumber', type: 'integer', minimum: 1, maximum: 999_999_999 },
  { path: 'address', type: 'string', maxLength: 510 },
  { path: 'city', type: 'string', maxLength: 50 },
  { path: 'zip', type: 'string', maxLength: 30 },
  { path: 'country', type: 'string', maxLength: 50 },
  { path: 'email', type: 'string', maxLength: 255 },
  { path: 'telephoneAndFaxNumber', type: 'string', maxLength: 255 },
  { path: 'mobilePhone', type: 'string', maxLength: 50 },
  { path: 'website', type: 'string', maxLength: 255 },
  { path: 'corporateIdentificationNumber', type: 'string', maxLength: 40 },
  { path: 'pNumber', type: 'string', minLength: 10, maxLength: 10 },
  { path: 'ean', type: 'string', maxLength: 13 },
  { path: 'vatNumber', type: 'string', maxLength: 20 },
  { path: 'publicEntryNumber', type: 'string', maxLength: 50 },
  { path: 'creditLimit', type: 'number' },
  { path: 'barred', type: 'boolean' },
];

/** products.post.schema.json and products.productNumber.put.schema.json (same fields). */
export const PRODUCT_RULES: readonly FieldRule[] = [
  { path: 'productNumber', type: 'string', required: true, minLength: 1, maxLength: 25 },
  { path: 'name', type: 'string', required: true, minLength: 1, maxLength: 300 },
  reference('productGroup', true),
  reference('unit'),
  { path: 'description', type: 'string', maxLength: 500 },
  { path: 'barCode', type: 'string', maxLength: 50 },
  { path: 'salesPrice', type: 'number', maxDecimals: 2 },
  { path: 'costPrice', type: 'number', maxDecimals: 2 },
  { path: 'recommendedPrice', type: 'number', maxDecimals: 2 },
  { path: 'barred', type: 'boolean' },
];

/** orders.drafts.post.schema.json = invoices.drafts.post.schema.json (identical field sets). */
export const SALES_DOCUMENT_RULES: readonly FieldRule[] = [
  { path: 'date', type: 'string', required: true, pattern: DATE },
  { path: 'currency', type: 'string', required: true, pattern: /[a-zA-Z]{3}/ },
  { path: 'dueDate', type: 'string', pattern: DATE },
  { path: 'exchangeRate', type: 'number', maxDecimals: 6, maximum: 999_999_999_999 },
  reference('customer', true),
  reference('layout', true),
  reference('paymentTerms', true),
  reference('recipient', true),
  { path: 'customer.customerNumber', type: 'integer', minimum: 1, maximum: 999_999_999 },
  { path: 'layout.layoutNumber', type: 'integer', minimum: 1 },
  { path: 'paymentTerms.paymentTermsNumber', type: 'integer', minimum: 1 },
  { path: 'recipient.name', type: 'string', required: true, maxLength: 250 },
  reference('recipient.vatZone', true),
  { path: 'recipient.address', type: 'string', maxLength: 250 },
  { path: 'recipient.zip', type: 'string', maxLength: 50 },
  { path: 'recipient.city', type: 'string', maxLength: 250 },
  { path: 'recipient.country', type: 'string', maxLength: 50 },
  { path: 'recipient.ean', type: 'string', maxLength: 13 },
  { path: 'recipient.publicEntryNumber', type: 'string', maxLength: 40 },
  { path: 'delivery.address', type: 'string', maxLength: 255 },
  { path: 'delivery.zip', type: 'string', maxLength: 30 },
  { path: 'delivery.city', type: 'string', maxLength: 50 },
  { path: 'delivery.country', type: 'string', maxLength: 50 },
  { path: 'delivery.deliveryTerms', type: 'string', maxLength: 100 },
  { path: 'delivery.deliveryDate', type: 'string', pattern: DATE },
  { path: 'notes.heading', type: 'string', maxLength: 250 },
  { path: 'notes.textLine1', type: 'string', maxLength: 1000 },
  { path: 'notes.textLine2', type: 'string', maxLength: 1000 },
  { path: 'references.other', type: 'string', maxLength: 250 },
  { path: 'lines', type: 'array' },
  { path: 'lines[].lineNumber', type: 'integer', minimum: 1 },
  { path: 'lines[].sortKey', type: 'integer', minimum: 1 },
  { path: 'lines[].description', type: 'string', maxLength: 2500 },
  { path: 'lines[].product', type: 'object' },
  { path: 'lines[].product.productNumber', type: 'string', maxLength: 25 },
  { path: 'lines[].unit', type: 'object' },
  { path: 'lines[].quantity', type: 'number', maxDecimals: 2 },
  { path: 'lines[].unitNetPrice', type: 'number', maxDecimals: 2 },
  { path: 'lines[].discountPercentage', type: 'number', maxDecimals: 2 },
  { path: 'lines[].unitCostPrice', type: 'number', maxDecimals: 2 },
];

/**
 * What the PUT schemas add to the create rules: orders.drafts.orderNumber.put
 * requires `lines[].unit.name` wherever a line has a unit; invoices.drafts.draftInvoiceNumber.put
 * allows it (≤ 100) without requiring it. Their other required fields (`recipient`,
 * `recipient.vatZone`) are create rules already.
 */
export const ORDER_DRAFT_PUT_RULES: readonly FieldRule[] = [{ path: 'lines[].unit.name', type: 'string', required: true, maxLength: 100 }];
export const DRAFT_INVOICE_PUT_RULES: readonly FieldRule[] = [{ path: 'lines[].unit.name', type: 'string', maxLength: 100 }];

/** Resolves `{<key>: N}` or `{self: ".../N"}` to N; records E04500 when it has neither. */
export function referencedId(
  ref: unknown,
  key: string,
  path: PathSegment[],
  errors: AnnotatedErrors,
): string | number | undefined {
  if (typeof ref !== 'object' || ref === null) return undefined;
  const record = ref as Record<string, unknown>;
  const id = record[key];
  if (typeof id === 'number' || typeof id === 'string') return id;
  if (typeof record.self === 'string') {
    const last = record.self.split('?')[0]?.split('/').pop() ?? '';
    return /^\d+$/.test(last) ? Number(last) : decodeProductNumber(decodeURIComponent(last));
  }
  errors.add(path, { errorCode: ERROR_CODES.referenceWithoutId, message: `${key} or self must be given.` });
  return undefined;
}

function requireExisting(
  exists: boolean,
  id: unknown,
  path: PathSegment[],
  what: string,
  errors: AnnotatedErrors,
): void {
  if (!exists) errors.add(path, { errorCode: ERROR_CODES.notFound, message: `${what} does not exist.`, value: id });
}

/** Looks up each reference; `numberKey` is the id property inside the reference object. */
function checkReference(
  state: EconomicSimState,
  body: SimRecord,
  field: 'customerGroup' | 'paymentTerms' | 'vatZone' | 'layout' | 'customer' | 'productGroup' | 'unit',
  errors: AnnotatedErrors,
  path: PathSegment[] = [field],
  value: unknown = body[field],
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const keys = {
    customerGroup: ['customerGroupNumber', state.customerGroups.map((g) => g.customerGroupNumber)],
    paymentTerms: ['paymentTermsNumber', state.paymentTerms.map((t) => t.paymentTermsNumber)],
    vatZone: ['vatZoneNumber', state.vatZones.map((z) => z.vatZoneNumber)],
    layout: ['layoutNumber', state.layouts.map((l) => l.layoutNumber)],
    customer: ['customerNumber', [...state.customers.keys()]],
    productGroup: ['productGroupNumber', state.productGroups.map((g) => g.productGroupNumber)],
    unit: ['unitNumber', state.units.map((u) => u.unitNumber)],
  } as const;
  const [key, known] = keys[field];
  const id = referencedId(value, key, path, errors);
  if (id === undefined) return undefined;
  const number = Number(id);
  requireExisting((known as readonly number[]).includes(number), id, path, field, errors);
  return number;
}

function checkCurrency(state: EconomicSimState, currency: unknown, errors: AnnotatedErrors): void {
  if (typeof currency !== 'string') return;
  const exists = state.currencies.some((known) => known.code === currency.toUpperCase());
  requireExisting(exists, currency, ['currency'], 'currency', errors);
}

export function validateCustomer(state: EconomicSimState, body: SimRecord): AnnotatedErrors {
  const errors = new AnnotatedErrors();
  checkRules(body, CUSTOMER_RULES, errors);
  checkCurrency(state, body.currency, errors);
  for (const field of ['customerGroup', 'paymentTerms', 'vatZone', 'layout'] as const) checkReference(state, body, field, errors);
  const number = body.customerNumber;
  if (typeof number === 'number' && state.customers.has(number)) {
    errors.add(['customerNumber'], { errorCode: ERROR_CODES.duplicate, message: 'customerNumber is already in use.', value: number });
  }
  return errors;
}

export function validateProduct(state: EconomicSimState, body: SimRecord): AnnotatedErrors {
  const errors = new AnnotatedErrors();
  checkRules(body, PRODUCT_RULES, errors);
  checkReference(state, body, 'productGroup', errors);
  checkReference(state, body, 'unit', errors);
  return errors;
}

/** A create body, or with `putRules` a full-replace body: the same create rules, plus the PUT schema's. */
export function validateSalesDocument(state: EconomicSimState, body: SimRecord, putRules: readonly FieldRule[] = []): AnnotatedErrors {
  const errors = new AnnotatedErrors();
  checkRules(body, [...SALES_DOCUMENT_RULES, ...putRules], errors);
  checkCurrency(state, body.currency, errors);
  checkReference(state, body, 'customer', errors);
  checkReference(state, body, 'layout', errors);
  const termsNumber = checkReference(state, body, 'paymentTerms', errors);
  const recipient = body.recipient as SimRecord | undefined;
  if (recipient && typeof recipient === 'object') {
    checkReference(state, body, 'vatZone', errors, ['recipient', 'vatZone'], recipient.vatZone);
  }
  const terms = state.paymentTerms.find((candidate) => candidate.paymentTermsNumber === termsNumber);
  if (terms?.paymentTermsType === 'dueDate' && body.dueDate === undefined) {
    errors.add(['dueDate'], { errorCode: ERROR_CODES.dueDateMissing, message: 'dueDate is required for payment terms of type dueDate.' });
  }
  if (Array.isArray(body.lines)) body.lines.forEach((line, index) => checkLine(state, line, index, errors));
  return errors;
}

function checkLine(state: EconomicSimState, line: unknown, index: number, errors: AnnotatedErrors): void {
  if (typeof line !== 'object' || line === null) return;
  const { product, quantity, unitNetPrice, description, unit } = line as SimRecord;
  const path = (field: string): PathSegment[] => ['lines', index, field];
  if (product === undefined) {
    if (quantity !== undefined || unitNetPrice !== undefined) {
      errors.add(path('product'), { errorCode: ERROR_CODES.quantityWithoutProduct, message: 'A line with quantity or price needs a product.' });
    }
    return;
  }
  const productNumber = referencedId(product, 'productNumber', path('product'), errors);
  if (productNumber !== undefined) {
    requireExisting(state.products.has(String(productNumber)), productNumber, path('product'), 'product', errors);
  }
  if (quantity === undefined) {
    errors.add(path('quantity'), { errorCode: ERROR_CODES.quantityWithoutProduct, message: 'quantity must have a value when product is set.' });
  }
  if (description === undefined || description === '') {
    errors.add(path('description'), { errorCode: ERROR_CODES.required, message: 'description is required when a product is set.' });
  }
  if (unit !== undefined) checkReference(state, line as SimRecord, 'unit', errors, path('unit'), unit);
}
