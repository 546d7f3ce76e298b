import { minorToNumber, toMinor, type Minor } from '../../domain/money.js';
import type { HttpClient } from '../http/types.js';
import { filterCondition } from './filter.js';
import { encodeProductNumber } from './product-number.js';
import { collectAll, listAll } from './paging.js';
import { compact, createResource, getOrUndefined } from './requests.js';
import type { CreateOptions, EconomicProduct, EconomicProductInput } from './types.js';

const price = (amount: Minor | undefined): number | undefined => (amount === undefined ? undefined : minorToNumber(amount));

/** The POST /products and PUT /products/{n} body (products.post.schema.json: productNumber, name, productGroup). */
export function productBody(input: EconomicProductInput): Record<string, unknown> {
  return compact({
    productNumber: input.productNumber,
    name: input.name,
    productGroup: { productGroupNumber: input.productGroupNumber },
    description: input.description,
    salesPrice: price(input.salesPrice),
    costPrice: price(input.costPrice),
    recommendedPrice: price(input.recommendedPrice),
    barCode: input.barCode,
    barred: input.barred,
    ...(input.unitNumber !== undefined ? { unit: { unitNumber: input.unitNumber } } : {}),
  });
}

/** A product as read, as the input that writes it back unchanged (for a PUT that changes a few fields). */
function inputOf(product: EconomicProduct): EconomicProductInput {
  const money = (value: number | undefined): Minor | undefined => (value === undefined ? undefined : toMinor(value));
  return compact({
    productNumber: product.productNumber,
    name: product.name,
    productGroupNumber: product.productGroup.productGroupNumber,
    description: product.description,
    salesPrice: money(product.salesPrice),
    costPrice: money(product.costPrice),
    recommendedPrice: money(product.recommendedPrice),
    barCode: product.barCode,
    barred: product.barred,
    unitNumber: product.unit?.unitNumber,
  });
}

/** Product numbers in one `$or:` filter: each is up to 25 characters, so the URL stays short. */
export const NUMBERS_PER_CALL = 40;

export function productsApi(http: HttpClient) {
  const path = (productNumber: string): string => `/products/${encodeProductNumber(productNumber)}`;
  const get = (productNumber: string): Promise<EconomicProduct | undefined> => getOrUndefined(http, path(productNumber));
  const put = async (input: EconomicProductInput): Promise<EconomicProduct> => {
    const response = await http.request<EconomicProduct>({ method: 'PUT', path: path(input.productNumber), body: productBody(input) });
    return response.data;
  };
  return {
    /** By SKU; the path uses e-conomic's own encoding of special characters. */
    get,

    list: (filter?: string): AsyncGenerator<EconomicProduct> => listAll<EconomicProduct>(http, '/products', filter),

    /**
     * The products carrying these numbers, by number: `productNumber$eq:` conditions joined by
     * `$or:` (e-conomic REST docs, "Filtering"; `$in:` takes numeric properties only), 40 to a call.
     * String filters compare case-insensitively, so only an exact number counts as found.
     */
    async findMany(productNumbers: readonly string[]): Promise<Map<string, EconomicProduct>> {
      const chunks: string[][] = [];
      for (let start = 0; start < productNumbers.length; start += NUMBERS_PER_CALL) chunks.push(productNumbers.slice(start, start + NUMBERS_PER_CALL));
      // The chunks at once: the client's concurrency and rate limiter pace them.
      const listed = await Promise.all(
        chunks.map((chunk) => collectAll(listAll<EconomicProduct>(http, '/products', chunk.map((number) => filterCondition('productNumber', '$eq:', number)).join('$or:')))),
      );
      const wanted = new Set(productNumbers);
      return new Map(listed.flat().filter((product) => wanted.has(product.productNumber)).map((product) => [product.productNumber, product]));
    },

    create: (input: EconomicProductInput, options: CreateOptions = {}): Promise<EconomicProduct> =>
      createResource(http, '/products', productBody(input), options),

    /**
     * PUT is a full replace (e-conomic REST docs, "REST Basics"): every field the product keeps
     * must be in the input.
     */
    update: put,

    /**
     * Changes some fields and keeps the rest as e-conomic has them: a read, then a PUT of the
     * product as read with these fields replaced (PUT being a full replace). Undefined when the
     * product no longer exists.
     */
    async updateFields(productNumber: string, fields: Partial<Omit<EconomicProductInput, 'productNumber'>>): Promise<EconomicProduct | undefined> {
      const current = await get(productNumber);
      return current && put({ ...inputOf(current), ...compact(fields) });
    },
  };
}
