import { toMinor } from '../../domain/money.js';
import { parseOptionalRackbeatTime, parseRackbeatTime } from './timestamps.js';
import type {
  ApiCustomer,
  ApiOrder,
  ApiProduct,
  ApiProductGroup,
  RackbeatCustomer,
  RackbeatOrder,
  RackbeatProduct,
  RackbeatProductGroup,
} from './types.js';

/** Wire → domain: money to Minor, zoneless times to UTC Dates, product numbers kept as text. */

export function productFromApi(api: ApiProduct, timeZone: string): RackbeatProduct {
  return {
    number: String(api.number),
    name: api.name,
    groupNumber: api.group?.number ?? api.group_id,
    salesPrice: toMinor(api.sales_price),
    costPrice: api.cost_price === undefined ? undefined : toMinor(api.cost_price),
    barcode: api.barcode ?? undefined,
    stockQuantity: api.stock_quantity,
    inOrderQuantity: api.in_order_quantity,
    availableQuantity: api.available_quantity,
    isBarred: api.is_barred ?? false,
    createdAt: parseRackbeatTime(api.created_at, timeZone),
    updatedAt: parseRackbeatTime(api.updated_at, timeZone),
  };
}

export function productGroupFromApi(api: ApiProductGroup): RackbeatProductGroup {
  return { number: api.number, name: api.name, vatDomesticPercent: api.vat_domestic };
}

export function customerFromApi(api: ApiCustomer, timeZone: string): RackbeatCustomer {
  return {
    number: api.number,
    name: api.name || api.company_name,
    email: api.contact_email ?? undefined,
    phone: api.contact_phone ?? undefined,
    vatNumber: api.company_vat?.trim() || undefined,
    vatZone: api.vat_zone ?? undefined,
    address: {
      street: api.address_street,
      street2: api.address_street2,
      zipcode: api.address_zipcode,
      city: api.address_city,
      country: api.address_country,
    },
    paymentTermsNumber: api.payment_terms_id,
    createdAt: parseRackbeatTime(api.created_at, timeZone),
    updatedAt: parseRackbeatTime(api.updated_at, timeZone),
  };
}

export function orderFromApi(api: ApiOrder, timeZone: string): RackbeatOrder {
  return {
    number: api.number,
    heading: api.heading ?? '',
    customerNumber: api.customer_id ?? api.customer?.number,
    currency: api.currency,
    isBooked: api.is_booked,
    isShipped: api.is_shipped,
    isPartlyShipped: api.is_partly_shipped === true,
    isInvoiced: api.is_invoiced ?? false,
    isCancelled: api.is_cancelled ?? false,
    subtotal: toMinor(api.total_subtotal),
    total: toMinor(api.total_total),
    lines: (api.lines ?? []).map((line) => ({
      id: line.id,
      sku: String(line.item.number),
      name: line.name,
      quantity: line.quantity,
      unitPrice: toMinor(line.line_price),
      discountPercent: line.discount_percentage,
    })),
    vatZone: api.vat_zone ?? undefined,
    orderDate: api.order_date ?? undefined,
    customerName: api.customer?.name ?? undefined,
    billingAddress: api.billing_address ?? undefined,
    deliveryAddress: api.delivery_address ?? undefined,
    bookedAt: parseOptionalRackbeatTime(api.booked_at, timeZone),
    shippedAt: parseOptionalRackbeatTime(api.shipped_at, timeZone),
    createdAt: parseRackbeatTime(api.created_at, timeZone),
    updatedAt: parseRackbeatTime(api.updated_at, timeZone),
  };
}
