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
  const api = await post<ApiProduct>(context, '/products', 'product', rackbeatProductBody(input));
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
  if (fields.unitNumber !== undefined) body.unit_id = fields.unitNumber;
  return body;
}

/** The POST /products body of a new product, or the PUT body of changes, exactly as sent. */
export function rackbeatProductBody(fields: NewRackbeatProduct | RackbeatProductChanges): Record<string, unknown> {
  return 'number' in fields ? { number: fields.number, ...productBody(fields) } : productBody(fields);
}

/** Up to this many numbers are read one by one (a GET each); more, by one read of the whole list. */
const SINGLE_READS = 8;

/**
 * Finds products by exact number, for looking a page of webshop SKUs up at once. Rackbeat has no
 * filter for a set of numbers (only `simple_filter[number]` for one: Rackbeat API docs,
 * "Filtering"), so a few numbers are read one by one and many by one read of every product,
 * remembered for the run: products made after that read are the run's own, which their links name.
 */
export function productFinder(context: RackbeatContext): (numbers: readonly string[]) => Promise<Map<string, RackbeatProduct>> {
  let all: Promise<Map<string, RackbeatProduct>> | undefined;
  const readAll = async (): Promise<Map<string, RackbeatProduct>> => {
    const byNumber = new Map<string, RackbeatProduct>();
    for await (const page of allPages<ApiProduct>(context, '/products', 'products')) {
      for (const api of page) byNumber.set(String(api.number), productFromApi(api, context.timeZone));
    }
    return byNumber;
  };
  return async (numbers) => {
    const found = new Map<string, RackbeatProduct>();
    if (all === undefined && numbers.length <= SINGLE_READS) {
      const products = await Promise.all(numbers.map((number) => getProduct(context, number)));
      products.forEach((product, index) => product && found.set(numbers[index] as string, product));
      return found;
    }
    all ??= readAll();
    const known = await all;
    for (const number of numbers) {
      const product = known.get(number);
      if (product) found.set(number, product);
    }
    return found;
  };
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
