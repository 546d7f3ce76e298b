import type {
  ApiAddress,
  ApiCustomer,
  ApiOrder,
  ApiProduct,
  ApiProductGroup,
} from '../../connectors/rackbeat/types.js';
import { formatRackbeatIsoTime, formatRackbeatTime } from '../../connectors/rackbeat/timestamps.js';
import { minorToNumber } from '../../domain/money.js';
import type { SimAddress, SimCustomer, SimOrder, SimPaymentTerms, SimProduct, SimProductGroup, SimShipment } from './records.js';
import type { RackbeatSimState } from './state.js';

/**
 * Turns the simulator's records into Rackbeat's wire shapes: money as JSON numbers,
 * zoneless timestamps in the configured format, a `self` URL on every object.
 */
export class RackbeatRenderer {
  constructor(
    private readonly state: RackbeatSimState,
    private readonly baseUrl: () => string,
  ) {}

  time(ms: number): string;
  time(ms: number | null): string | null;
  time(ms: number | null): string | null {
    if (ms === null) return null;
    const { timeZone, timestampFormat } = this.state.settings;
    return timestampFormat === 'iso' ? formatRackbeatIsoTime(new Date(ms), timeZone) : formatRackbeatTime(new Date(ms), timeZone);
  }

  private self(path: string): string {
    return `${this.baseUrl()}${path}`;
  }

  productGroup(group: SimProductGroup): ApiProductGroup {
    return {
      number: group.number,
      name: group.name,
      has_inventory: group.hasInventory,
      vat_domestic: group.vat.domestic,
      vat_eu: group.vat.eu,
      vat_abroad: group.vat.abroad,
      vat_domestic_exempt: 0,
      is_sellable: true,
      self: this.self(`/product-groups/${group.number}`),
    };
  }

  product(product: SimProduct): ApiProduct {
    const group = this.state.productGroups.get(product.groupNumber);
    // `urlfriendly_number`'s exact form is undocumented: the number encoded once.
    const urlNumber = encodeURIComponent(product.number);
    return {
      id: product.id,
      number: product.number,
      urlfriendly_number: urlNumber,
      type: 'product',
      name: product.name,
      description: product.description,
      barcode: product.barcode,
      sales_price: minorToNumber(product.salesPrice),
      cost_price: minorToNumber(product.costPrice),
      recommended_cost_price: minorToNumber(product.costPrice),
      stock_quantity: product.stockQuantity,
      in_order_quantity: product.inOrderQuantity,
      // available = stock − in order (Rackbeat's 2018 OpenAPI spec)
      available_quantity: product.stockQuantity - product.inOrderQuantity,
      is_barred: product.isBarred,
      group_id: product.groupNumber,
      ...(group ? { group: { number: group.number, name: group.name } } : {}),
      created_at: this.time(product.createdAt),
      updated_at: this.time(product.updatedAt),
      self: this.self(`/products/${urlNumber}`),
    };
  }

  customer(customer: SimCustomer): ApiCustomer {
    return {
      number: customer.number,
      name: customer.name,
      company_name: customer.companyName,
      contact_email: customer.email,
      contact_phone: customer.phone,
      company_vat: customer.vatNumber,
      currency: customer.currency,
      vat_zone: customer.vatZone,
      address_street: customer.street,
      address_street2: customer.street2,
      address_zipcode: customer.zipcode,
      address_city: customer.city,
      address_country: customer.country,
      payment_terms_id: customer.paymentTermsNumber,
      is_barred: false,
      created_at: this.time(customer.createdAt),
      updated_at: this.time(customer.updatedAt),
      self: this.self(`/customers/${customer.number}`),
    };
  }

  paymentTerms(terms: SimPaymentTerms): Record<string, unknown> {
    return { number: terms.number, name: terms.name, days: terms.days, self: this.self(`/payment-terms/${terms.number}`) };
  }

  order(order: SimOrder): ApiOrder {
    const customer = this.state.customers.get(order.customerNumber);
    const totals = this.state.orderTotals(order);
    const terms = this.state.paymentTerms.get(order.paymentTermsNumber);
    return {
      number: order.number,
      heading: order.heading,
      note: order.note,
      customer_id: order.customerNumber,
      customer: { number: order.customerNumber, ...(customer ? { name: customer.companyName } : {}) },
      currency: order.currency,
      vat_zone: order.vatZone,
      order_date: order.orderDate,
      billing_address: address(order.billingAddress),
      delivery_address: address(order.deliveryAddress),
      ...(terms ? { payment_terms: { number: terms.number, name: terms.name } } : {}),
      is_booked: order.bookedAt !== null,
      booked_at: this.time(order.bookedAt),
      is_ready_for_shipping: order.bookedAt !== null && order.shippedAt === null,
      is_partly_shipped: order.shippedAt === null && this.state.shippedUnits(order).size > 0,
      is_shipped: order.shippedAt !== null,
      shipped_at: this.time(order.shippedAt),
      is_ready_for_invoicing: order.bookedAt !== null && order.invoiceId === null,
      is_partly_invoiced: false,
      is_invoiced: order.invoiceId !== null,
      invoice_id: order.invoiceId,
      is_cancelled: false,
      is_archived: false,
      total_subtotal: minorToNumber(totals.subtotal),
      total_total: minorToNumber(totals.total),
      lines: order.lines.map((line) => ({
        id: line.id,
        name: line.name,
        quantity: line.quantity,
        line_price: minorToNumber(line.unitPrice),
        discount_percentage: line.discountPercent,
        item: { number: line.sku, barcode: this.state.products.get(line.sku)?.barcode ?? null },
      })),
      created_at: this.time(order.createdAt),
      updated_at: this.time(order.updatedAt),
      self: this.self(`/orders/${order.number}`),
    };
  }

  shipment(shipment: SimShipment): Record<string, unknown> {
    const order = this.state.orders.get(shipment.orderNumber);
    const shipped = shipment.shippedAt !== null;
    return {
      id: shipment.id,
      order_id: shipment.orderNumber,
      order: { number: shipment.orderNumber, customer_id: order?.customerNumber ?? null },
      customer: { number: order?.customerNumber ?? null },
      is_picked: shipped,
      is_partly_picked: false,
      is_shipped: shipped,
      // A line's `id` is the order line's (the 2018 spec's OrderShipment lines; not confirmed either way).
      lines: shipment.lines.map((line) => ({ id: line.lineId, quantity: line.quantity, is_picked: shipped, location_id: 1 })),
      tracking_number: shipment.trackingNumber,
      created_at: this.time(shipment.createdAt),
      updated_at: this.time(shipment.updatedAt),
      self: this.self(`/order-shipments/${shipment.id}`),
    };
  }
}

function address(value: SimAddress): ApiAddress {
  return { ...value };
}
