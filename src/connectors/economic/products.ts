import { minorToNumber, type Minor } from '../../domain/money.js';
import type { HttpClient } from '../http/types.js';
import { encodeProductNumber } from './product-number.js';
import { compact, createResource, getOrUndefined } from './requests.js';
import { listAll } from './paging.js';
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

export function productsApi(http: HttpClient) {
  const path = (productNumber: string): string => `/products/${encodeProductNumber(productNumber)}`;
  return {
    /** By SKU; the path uses e-conomic's own encoding of special characters. */
    get: (productNumber: string): Promise<EconomicProduct | undefined> => getOrUndefined(http, path(productNumber)),

    list: (filter?: string): AsyncGenerator<EconomicProduct> => listAll<EconomicProduct>(http, '/products', filter),

    create: (input: EconomicProductInput, options: CreateOptions = {}): Promise<EconomicProduct> =>
      createResource(http, '/products', productBody(input), options),

    /**
     * PUT is a full replace (e-conomic REST docs, "REST Basics"): every field the product keeps
     * must be in the input.
     */
    update: async (input: EconomicProductInput): Promise<EconomicProduct> => {
      const response = await http.request<EconomicProduct>({ method: 'PUT', path: path(input.productNumber), body: productBody(input) });
      return response.data;
    },
  };
}
