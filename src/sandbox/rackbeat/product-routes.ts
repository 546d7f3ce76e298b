import { toMinor } from '../../domain/money.js';
import type { SimRequest, SimRoute } from '../harness/types.js';
import { listResponse } from './listing.js';
import type { SimProduct, SimProductGroup } from './records.js';
import { created, integerParam, mustExist, ok, type RackbeatRouteContext } from './route-kit.js';
import type { SimProductInput } from './state.js';
import { asBody, FieldErrors, type Body } from './validation.js';

/**
 * The account's units (`GET /units`, Rackbeat API docs; the unit object's fields are assumed): a
 * product's `unit_id` must name one.
 */
const UNITS = [
  { number: 1, name: 'stk' },
  { number: 2, name: 'kg' },
];

/** Products, product groups and units. */
export function productRoutes({ state, render }: RackbeatRouteContext): SimRoute[] {
  const timeZone = (): string => state.settings.timeZone;
  const productList = {
    plural: 'products',
    records: () => state.products.values(),
    render: (product: SimProduct) => render.product(product),
    key: (product: SimProduct) => product.id,
    searchable: (product: SimProduct) => [product.number, product.name, product.barcode],
    times: { created_at: (p: SimProduct) => p.createdAt, updated_at: (p: SimProduct) => p.updatedAt },
    flags: { is_barred: (p: SimProduct) => p.isBarred },
  };
  const groupList = {
    plural: 'product_groups',
    records: () => state.productGroups.values(),
    render: (group: SimProductGroup) => render.productGroup(group),
    key: (group: SimProductGroup) => group.number,
    searchable: (group: SimProductGroup) => [group.number, group.name],
    times: { created_at: (g: SimProductGroup) => g.createdAt, updated_at: (g: SimProductGroup) => g.updatedAt },
  };

  return [
    { method: 'GET', pattern: '/products', handler: (request) => listResponse(productList, request.query, timeZone()) },
    {
      method: 'GET',
      pattern: '/products/:number',
      handler: (request) => ok({ product: render.product(findProduct(request)) }),
    },
    {
      method: 'POST',
      pattern: '/products',
      handler: (request) => created({ product: render.product(state.createProduct(productInput(asBody(request.body)))) }),
    },
    {
      method: 'PUT',
      pattern: '/products/:number',
      handler: (request) => {
        const product = findProduct(request);
        const changes = productChanges(asBody(request.body));
        return ok({ product: render.product(state.updateProduct(product.number, changes)) });
      },
    },
    {
      method: 'GET',
      pattern: '/units',
      handler: (request) => listResponse({ plural: 'units', records: () => UNITS, render: (unit) => ({ ...unit }), key: (unit) => unit.number, searchable: (unit) => [unit.number, unit.name], times: {} }, request.query, timeZone()),
    },
    { method: 'GET', pattern: '/product-groups', handler: (request) => listResponse(groupList, request.query, timeZone()) },
    {
      method: 'GET',
      pattern: '/product-groups/:number',
      handler: (request) => ok({ product_group: render.productGroup(mustExist(state.productGroups.get(integerParam(request, 'number')))) }),
    },
    {
      method: 'POST',
      pattern: '/product-groups',
      handler: (request) => {
        const body = asBody(request.body);
        const errors = new FieldErrors();
        const number = errors.requiredNumber(body, 'number');
        const name = errors.requiredString(body, 'name');
        const vatDomestic = errors.optionalNumber(body, 'vat_domestic') ?? 25;
        const hasInventory = errors.optionalBoolean(body, 'has_inventory') ?? true;
        const vat = { domestic: vatDomestic, eu: errors.optionalNumber(body, 'vat_eu') ?? 0, abroad: errors.optionalNumber(body, 'vat_abroad') ?? 0 };
        errors.done();
        return created({ product_group: render.productGroup(state.createProductGroup({ number, name, hasInventory, vat })) });
      },
    },
  ];

  /**
   * Product numbers in paths: the route decoded the segment once; SDKs that double-encode (the
   * laravel-rackbeat client does) leave `%25` in the raw path, so decode a second time then.
   */
  function findProduct(request: SimRequest): SimProduct {
    const once = request.params.number ?? '';
    return mustExist(state.products.get(once) ?? (request.path.includes('%25') ? state.products.get(decodeOrSame(once)) : undefined));
  }
}

function decodeOrSame(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `POST /products`: `number`, `group`, `name`, `sales_price` required (Rackbeat's 2018 OpenAPI spec). */
function productInput(body: Body): SimProductInput {
  const errors = new FieldErrors();
  const number = productNumber(body, errors) ?? '';
  if (number === '' && !errors.has('number')) errors.add('number', 'The number field is required.');
  const groupNumber = errors.requiredNumber(body, 'group');
  const name = errors.requiredString(body, 'name');
  const salesPrice = toMinor(errors.requiredNumber(body, 'sales_price'));
  const costPrice = toMinor(errors.optionalNumber(body, 'recommended_cost_price') ?? 0);
  const stockQuantity = errors.optionalNumber(body, 'stock_quantity') ?? 0;
  const barcode = errors.optionalString(body, 'barcode') ?? null;
  const description = errors.optionalString(body, 'description') ?? '';
  const isBarred = errors.optionalBoolean(body, 'is_barred') ?? false;
  unitNumber(body, errors);
  errors.done();
  return { number, groupNumber, name, salesPrice, costPrice, stockQuantity, barcode, description, isBarred };
}

/** `PUT /products/{number}`: partial bodies work (seen in the mikkelrask/rackbeat-tools scripts). */
function productChanges(body: Body): Partial<SimProductInput> {
  const errors = new FieldErrors();
  const salesPrice = errors.optionalNumber(body, 'sales_price');
  const costPrice = errors.optionalNumber(body, 'recommended_cost_price');
  const changes: Partial<SimProductInput> = {
    number: productNumber(body, errors),
    groupNumber: errors.optionalNumber(body, 'group'),
    name: errors.optionalString(body, 'name'),
    salesPrice: salesPrice === undefined ? undefined : toMinor(salesPrice),
    costPrice: costPrice === undefined ? undefined : toMinor(costPrice),
    stockQuantity: errors.optionalNumber(body, 'stock_quantity'),
    barcode: errors.optionalString(body, 'barcode'),
    description: errors.optionalString(body, 'description'),
    isBarred: errors.optionalBoolean(body, 'is_barred'),
  };
  unitNumber(body, errors);
  errors.done();
  return changes;
}

/** Product numbers are strings: a JSON number is refused like Laravel's `string` rule. */
function productNumber(body: Body, errors: FieldErrors): string | undefined {
  const value = body.number;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    errors.add('number', 'The number must be a string.');
    return undefined;
  }
  return value;
}

/** `unit_id` must name one of the account's units, as Laravel's `exists` rule refuses others. */
function unitNumber(body: Body, errors: FieldErrors): number | undefined {
  const number = errors.optionalNumber(body, 'unit_id');
  if (number !== undefined && !UNITS.some((unit) => unit.number === number)) errors.add('unit_id', 'The selected unit id is invalid.');
  return number;
}
