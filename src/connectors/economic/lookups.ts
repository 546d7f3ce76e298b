import type { HttpClient } from '../http/types.js';
import { collectAll, listAll } from './paging.js';
import type {
  EconomicCustomerGroup,
  EconomicLayout,
  EconomicPaymentTerms,
  EconomicProductGroup,
  EconomicUnit,
  EconomicVatZone,
} from './types.js';

/** The agreement's reference data the config points at (layouts, payment terms, VAT zones, …), read whole. */
export function lookupsApi(http: HttpClient) {
  const all = <T>(path: string) => (): Promise<T[]> => collectAll(listAll<T>(http, path));
  return {
    layouts: all<EconomicLayout>('/layouts'),
    paymentTerms: all<EconomicPaymentTerms>('/payment-terms'),
    vatZones: all<EconomicVatZone>('/vat-zones'),
    customerGroups: all<EconomicCustomerGroup>('/customer-groups'),
    units: all<EconomicUnit>('/units'),
    productGroups: all<EconomicProductGroup>('/product-groups'),
  };
}
