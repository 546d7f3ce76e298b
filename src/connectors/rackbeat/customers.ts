import { customerFromApi } from './from-api.js';
import { allPages, getOne, post, type RackbeatContext } from './paging.js';
import type { ApiCustomer, NewRackbeatCustomer, RackbeatCustomer } from './types.js';

export async function getCustomer(context: RackbeatContext, number: number): Promise<RackbeatCustomer | undefined> {
  const api = await getOne<ApiCustomer>(context, `/customers/${number}`, 'customer');
  return api && customerFromApi(api, context.timeZone);
}

/**
 * The customer whose `contact_email` is exactly this address (case and spaces aside): `search`
 * narrows it down, the exact comparison is ours (search matches parts of words). The lowest
 * number wins when several share the address.
 */
export async function findCustomerByEmail(context: RackbeatContext, email: string): Promise<RackbeatCustomer | undefined> {
  const wanted = normaliseEmail(email);
  if (wanted === '') return undefined;
  let best: ApiCustomer | undefined;
  for await (const page of allPages<ApiCustomer>(context, '/customers', 'customers', { search: email.trim() })) {
    for (const customer of page) {
      if (normaliseEmail(customer.contact_email ?? '') !== wanted) continue;
      if (!best || customer.number < best.number) best = customer;
    }
  }
  return best && customerFromApi(best, context.timeZone);
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createCustomer(context: RackbeatContext, input: NewRackbeatCustomer): Promise<RackbeatCustomer> {
  const api = await post<ApiCustomer>(context, '/customers', 'customer', rackbeatCustomerBody(input));
  return customerFromApi(api, context.timeZone);
}

/** The create body, exactly as sent. `company_name` and `payment_terms_id` are required (Rackbeat's 2018 OpenAPI spec, CustomerForm). */
export function rackbeatCustomerBody(input: NewRackbeatCustomer): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: input.name,
    company_name: input.companyName ?? input.name,
    contact_email: input.email,
    payment_terms_id: input.paymentTermsNumber,
  };
  if (input.phone !== undefined) body.contact_phone = input.phone;
  if (input.vatNumber !== undefined) body.company_vat = input.vatNumber;
  if (input.currency !== undefined) body.currency = input.currency;
  if (input.vatZone !== undefined) body.vat_zone = input.vatZone;
  if (input.address) {
    body.address_street = input.address.street;
    body.address_street2 = input.address.street2 ?? '';
    body.address_zipcode = input.address.zipcode;
    body.address_city = input.address.city;
    body.address_country = input.address.country;
  }
  return body;
}
