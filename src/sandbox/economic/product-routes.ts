import { decodeProductNumber, encodeProductNumber } from '../../connectors/economic/product-number.js';
import type { SimHandler, SimRequest, SimResponse, SimRoute } from '../harness/types.js';
import { collectionResponse, type CollectionSettings } from './collection.js';
import { ERROR_CODES, notFoundResponse, validationResponse } from './errors.js';
import { created, knownProperties } from './routes.js';
import type { EconomicSimState, SimRecord } from './state.js';
import { PRODUCT_RULES, validateProduct } from './validation.js';

/** Filterable fields of products, from products.get.schema.json's `filterable: true` (e-conomic REST docs, "Filtering"). */
const PRODUCT_FILTERABLE = [
  'productNumber', 'description', 'name', 'costPrice', 'recommendedPrice', 'salesPrice', 'barCode', 'barred',
  'lastUpdated', 'inventory.packageVolume', 'inventory.grossWeight', 'inventory.netWeight',
  'inventory.recommendedCostPrice', 'unit.unitNumber', 'productGroup.productGroupNumber',
  'departmentalDistribution.departmentalDistributionNumber',
];
/** Properties of the product schemas beyond the rules' paths. */
const PRODUCT_EXTRA_PROPERTIES = ['inventory', 'departmentalDistribution'];

export interface ProductRouteContext {
  state: EconomicSimState;
  collections: CollectionSettings;
  /** The simulator's write wrapper: JSON only, an object body, Idempotency-Key replay. */
  write: (handler: (request: SimRequest, body: SimRecord) => SimResponse) => SimHandler;
  link: (request: SimRequest, path: string) => string;
}

/**
 * `/products` (products.*.schema.json): list with filters, one by number (e-conomic's encoding of
 * special characters in the path), create (a number in use is refused), and PUT, a full replace
 * that creates a missing product. The product group and unit must exist (E06000 otherwise).
 */
export function productRoutes({ state, collections, write, link }: ProductRouteContext): SimRoute[] {
  const render = (request: SimRequest) => (record: SimRecord): SimRecord => {
    const group = state.productGroups.find((g) => g.productGroupNumber === (record.productGroup as SimRecord).productGroupNumber);
    const unitRef = record.unit as SimRecord | undefined;
    const unit = state.units.find((u) => u.unitNumber === unitRef?.unitNumber);
    return {
      ...record,
      productGroup: { ...(record.productGroup as SimRecord), ...group },
      ...(unitRef ? { unit: { ...unitRef, ...unit } } : {}),
      self: link(request, `/products/${encodeProductNumber(record.productNumber as string)}`),
    };
  };
  return [
    {
      method: 'GET',
      pattern: '/products',
      handler: (request) => collectionResponse(request, { records: state.products.values(), filterable: PRODUCT_FILTERABLE, render: render(request) }, collections),
    },
    {
      method: 'GET',
      pattern: '/products/:productNumber',
      handler: (request) => {
        const product = state.products.get(decodeProductNumber(request.params.productNumber ?? ''));
        return product ? { status: 200, body: render(request)(product) } : notFoundResponse('Product');
      },
    },
    {
      method: 'POST',
      pattern: '/products',
      handler: write((request, body) => {
        const errors = validateProduct(state, body);
        if (typeof body.productNumber === 'string' && state.products.has(body.productNumber)) {
          errors.add(['productNumber'], { errorCode: ERROR_CODES.duplicate, message: 'productNumber is already in use.', value: body.productNumber });
        }
        if (!errors.empty) return validationResponse(errors.tree);
        const record = state.stamp(knownProperties(body, PRODUCT_RULES, PRODUCT_EXTRA_PROPERTIES));
        state.products.set(body.productNumber as string, record);
        const rendered = render(request)(record);
        return created(rendered.self as string, rendered);
      }),
    },
    {
      // PUT is a full replace and creates a missing product (e-conomic REST docs, "REST Basics";
      // 201 as observed on a trial agreement).
      method: 'PUT',
      pattern: '/products/:productNumber',
      handler: write((request, body) => {
        const productNumber = decodeProductNumber(request.params.productNumber ?? '');
        const errors = validateProduct(state, body);
        if (typeof body.productNumber === 'string' && body.productNumber !== productNumber) {
          errors.add(['productNumber'], { errorCode: ERROR_CODES.invalid, message: 'productNumber must match the URL.', value: body.productNumber });
        }
        if (!errors.empty) return validationResponse(errors.tree);
        const existed = state.products.has(productNumber);
        const record = state.stamp(knownProperties(body, PRODUCT_RULES, PRODUCT_EXTRA_PROPERTIES));
        state.products.set(productNumber, record);
        const rendered = render(request)(record);
        return existed ? { status: 200, body: rendered } : created(rendered.self as string, rendered);
      }),
    },
  ];
}
