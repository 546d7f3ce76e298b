import { minorToNumber } from '../../domain/money.js';
import { productFromApi, productGroupFromApi } from './from-api.js';
import { allPages, changedSince, getOne, post, put, type RackbeatContext } from './paging.js';
import type {
  ApiProduct,
  ApiProductGroup,
  NewRackbeatProduct,
  NewRackbeatProductGroup,
  RackbeatProduct,
  RackbeatProductChanges,
  RackbeatProductGroup,
} from './types.js';

/**
 * A product number in a path, encoded once (as Rackbeat's laravel-client SDK does since its
 * commit "ONE encoding, not two"):
 * `GIFT/BOX 01` → `/products/GIFT%2FBOX%2001`.
 */
export function productPath(number: string): string {
  return `/products/${encodeURIComponent(number)}`;
}

export function changedProducts(context: RackbeatContext, since: Date): AsyncIterable<RackbeatProduct[]> {
  return changedSince<ApiProduct, RackbeatProduct>(
    context,
    '/products',
    'products',
    since,
    (api) => productFromApi(api, context.timeZone),
    (product) => product.number,
  );
}

export async function getProduct(context: RackbeatContext, number: string): Promise<RackbeatProduct | undefined> {
  const api = await getOne<ApiProduct>(context, productPath(number), 'product');
  return api && productFromApi(api, context.timeZone);
}

/**
 * `POST /products` needs `number`, `group`, `name`, `sales_price` (Rackbeat's 2018 OpenAPI spec;
 * the mikkelrask/rackbeat-tools import scripts send the same).
 */
export async function createProduct(context: RackbeatContext, input: NewRackbeatProduct): Promise<RackbeatProduct> {
  const api = await post<ApiProduct>(context, '/products', 'product', { number: input.number, ...productBody(input) });
  return productFromApi(api, context.timeZone);
}

/**
 * `PUT /products/{number}` with only the fields that change (partial bodies work: seen in the
 * mikkelrask/rackbeat-tools scripts).
 */
export async function updateProduct(context: RackbeatContext, number: string, changes: RackbeatProductChanges): Promise<RackbeatProduct> {
  const api = await put<ApiProduct>(context, productPath(number), 'product', productBody(changes));
  return productFromApi(api, context.timeZone);
}

function productBody(fields: RackbeatProductChanges): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (fields.name !== undefined) body.name = fields.name;
  if (fields.groupNumber !== undefined) body.group = fields.groupNumber;
  if (fields.salesPrice !== undefined) body.sales_price = minorToNumber(fields.salesPrice);
  if (fields.costPrice !== undefined) body.recommended_cost_price = minorToNumber(fields.costPrice);
  if (fields.barcode !== undefined) body.barcode = fields.barcode;
  if (fields.description !== undefined) body.description = fields.description;
  return body;
}

export async function listProductGroups(context: RackbeatContext): Promise<RackbeatProductGroup[]> {
  const groups: RackbeatProductGroup[] = [];
  for await (const page of allPages<ApiProductGroup>(context, '/product-groups', 'product_groups')) {
    groups.push(...page.map(productGroupFromApi));
  }
  return groups;
}

export async function createProductGroup(context: RackbeatContext, input: NewRackbeatProductGroup): Promise<RackbeatProductGroup> {
  const api = await post<ApiProductGroup>(context, '/product-groups', 'product_group', {
    number: input.number,
    name: input.name,
    has_inventory: true,
    ...(input.vatDomesticPercent !== undefined ? { vat_domestic: input.vatDomesticPercent } : {}),
  });
  return productGroupFromApi(api);
}
