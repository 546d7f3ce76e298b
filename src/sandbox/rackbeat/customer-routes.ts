import type { SimRoute } from '../harness/types.js';
import { listResponse } from './listing.js';
import type { SimCustomer, SimPaymentTerms, VatZone } from './records.js';
import { created, integerParam, mustExist, ok, type RackbeatRouteContext } from './route-kit.js';
import type { SimCustomerInput } from './state.js';
import { asBody, FieldErrors, type Body } from './validation.js';

const VAT_ZONES: readonly VatZone[] = ['domestic', 'eu', 'abroad'];

/** Customers and payment terms. */
export function customerRoutes({ state, render }: RackbeatRouteContext): SimRoute[] {
  const timeZone = (): string => state.settings.timeZone;
  const customerList = {
    plural: 'customers',
    records: () => state.customers.values(),
    render: (customer: SimCustomer) => render.customer(customer),
    key: (customer: SimCustomer) => customer.number,
    searchable: (c: SimCustomer) => [c.number, c.name, c.companyName, c.email, c.phone, c.vatNumber],
    times: { created_at: (c: SimCustomer) => c.createdAt, updated_at: (c: SimCustomer) => c.updatedAt },
  };
  const termsList = {
    plural: 'payment_terms',
    records: () => state.paymentTerms.values(),
    render: (terms: SimPaymentTerms) => render.paymentTerms(terms),
    key: (terms: SimPaymentTerms) => terms.number,
    searchable: (terms: SimPaymentTerms) => [terms.number, terms.name],
    times: {},
  };

  return [
    { method: 'GET', pattern: '/customers', handler: (request) => listResponse(customerList, request.query, timeZone()) },
    {
      method: 'GET',
      pattern: '/customers/:number',
      handler: (request) => ok({ customer: render.customer(mustExist(state.customers.get(integerParam(request, 'number')))) }),
    },
    {
      method: 'POST',
      pattern: '/customers',
      handler: (request) => created({ customer: render.customer(state.createCustomer(customerInput(asBody(request.body)))) }),
    },
    { method: 'GET', pattern: '/payment-terms', handler: (request) => listResponse(termsList, request.query, timeZone()) },
  ];
}

/** `company_name` and `payment_terms_id` are required (Rackbeat's 2018 OpenAPI spec, CustomerForm). */
function customerInput(body: Body): SimCustomerInput {
  const errors = new FieldErrors();
  const companyName = errors.requiredString(body, 'company_name');
  const paymentTermsNumber = errors.requiredNumber(body, 'payment_terms_id');
  const email = errors.optionalString(body, 'contact_email') ?? null;
  if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email)) errors.add('contact_email', 'The contact email must be a valid email address.');
  const vatZone = errors.optionalString(body, 'vat_zone') ?? 'domestic';
  if (!VAT_ZONES.includes(vatZone as VatZone)) errors.add('vat_zone', 'The selected vat zone is invalid.');
  const input: SimCustomerInput = {
    name: errors.optionalString(body, 'name') ?? companyName,
    companyName,
    email,
    phone: errors.optionalString(body, 'contact_phone') ?? null,
    vatNumber: errors.optionalString(body, 'company_vat') ?? null,
    currency: errors.optionalString(body, 'currency') ?? 'DKK',
    vatZone: vatZone as VatZone,
    street: errors.optionalString(body, 'address_street') ?? '',
    street2: errors.optionalString(body, 'address_street2') ?? '',
    zipcode: errors.optionalString(body, 'address_zipcode') ?? '',
    city: errors.optionalString(body, 'address_city') ?? '',
    country: errors.optionalString(body, 'address_country') ?? '',
    paymentTermsNumber,
  };
  errors.done();
  return input;
}
