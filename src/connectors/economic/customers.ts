import type { HttpClient } from '../http/types.js';
import { filterCondition } from './filter.js';
import { compact, createResource, getOrUndefined } from './requests.js';
import { collectAll, listAll } from './paging.js';
import type { CreateOptions, EconomicCustomer, NewEconomicCustomer } from './types.js';

/** The POST /customers body (customers.post.schema.json: name, currency, customerGroup, paymentTerms, vatZone). */
export function customerBody(input: NewEconomicCustomer): Record<string, unknown> {
  return compact({
    ...(input.customerNumber !== undefined ? { customerNumber: input.customerNumber } : {}),
    name: input.name,
    currency: input.currency,
    customerGroup: { customerGroupNumber: input.customerGroupNumber },
    paymentTerms: { paymentTermsNumber: input.paymentTermsNumber },
    vatZone: { vatZoneNumber: input.vatZoneNumber },
    email: input.email,
    address: input.address,
    zip: input.zip,
    city: input.city,
    country: input.country,
    corporateIdentificationNumber: input.corporateIdentificationNumber,
    telephoneAndFaxNumber: input.telephoneAndFaxNumber,
  });
}

export function customersApi(http: HttpClient) {
  return {
    get: (customerNumber: number): Promise<EconomicCustomer | undefined> => getOrUndefined(http, `/customers/${customerNumber}`),

    /**
     * Customers whose e-mail equals this one (an exact `$eq:` filter, escaped; the API compares
     * case-insensitively, as e-mail addresses are), lowest number first.
     */
    findByEmail: async (email: string): Promise<EconomicCustomer[]> => {
      const found = await collectAll(listAll<EconomicCustomer>(http, '/customers', filterCondition('email', '$eq:', email)));
      return found.sort((a, b) => a.customerNumber - b.customerNumber);
    },

    list: (filter?: string): AsyncGenerator<EconomicCustomer> => listAll<EconomicCustomer>(http, '/customers', filter),

    create: (input: NewEconomicCustomer, options: CreateOptions = {}): Promise<EconomicCustomer> =>
      createResource(http, '/customers', customerBody(input), options),
  };
}
