import type { EconomicClient } from '../../connectors/economic/client.js';
import { customerBody } from '../../connectors/economic/customers.js';
import { documentKey, parseDocumentKey } from '../../connectors/economic/document-key.js';
import { salesDocumentBody } from '../../connectors/economic/documents.js';
import type { EconomicSalesDocument, NewEconomicCustomer, SalesDocumentInput } from '../../connectors/economic/types.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { RackbeatCustomer, RackbeatOrder } from '../../connectors/rackbeat/types.js';
import { RecordError } from '../../engine/errors.js';
import { docByNumber, type CreateStep, type Leg, type SourceRecord, type Step, type TargetDoc } from '../../engine/leg.js';
import {
  economicVatZoneOf,
  mapRackbeatCustomerToEconomic,
  mapRackbeatOrderToEconomic,
  type RackbeatToEconomicSettings,
} from '../../mapping/orders/rackbeat-to-economic.js';
import { economicReference } from '../../mapping/orders/references.js';
import { bookedOrderSource } from './booked-order-source.js';
import type { BookedOrders } from './booked-orders.js';
import { assertSameTotals, rackbeatTotals } from './check-totals.js';
import { goneCustomer } from './gone-customer.js';
import { translateMissingSku, translateSettingRefusal, type SettingField } from './missing-sku.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';
import { configuredProductKeys, type OrdersLegSettings } from './settings.js';

/** A booked Rackbeat order with its customer, as leg 2 handles it. Its id is the Rackbeat order number. */
export interface RackbeatOrderRecord extends SourceRecord {
  order: RackbeatOrder;
  /** Read when the engine is about to work on the order (the source's `complete`); undefined: not in Rackbeat. */
  customer: RackbeatCustomer | undefined;
}

/** An order whose e-conomic VAT zone needs nothing from its customer (economicVatZoneOf): its own zone and billing country. */
function statesItsVatZone(order: RackbeatOrder): boolean {
  return (order.vatZone === 'domestic' || order.vatZone === 'eu' || order.vatZone === 'abroad') && Boolean(order.billingAddress?.country);
}


/**
 * Leg 2 of the order flow: booked Rackbeat orders, whatever created them, become one e-conomic
 * order draft or draft invoice each (`orders.document`). Steps: find or create the e-conomic
 * customer (`orders.customerMatch`), create the document (reference: `references.other`), check
 * its totals against Rackbeat's; then `invoiceSteps` (invoice-lifecycle.ts) on that document.
 */
export function rackbeatToEconomicLeg(
  rackbeat: RackbeatClient,
  rackbeatInstance: string,
  economic: EconomicClient,
  settings: OrdersLegSettings,
  booked: BookedOrders,
  invoiceSteps: ReadonlyArray<Step<RackbeatOrderRecord>> = [],
): Leg<RackbeatOrderRecord> {
  const documents = settings.document === 'invoice' ? economic.draftInvoices : economic.orderDrafts;
  const documentLabel = settings.document === 'invoice' ? 'draft invoice' : 'order draft';
  const mapping: RackbeatToEconomicSettings = {
    timezone: settings.timezone,
    layoutNumber: settings.layoutNumber,
    paymentTermsNumber: settings.paymentTermsNumber,
    customerGroupNumber: settings.customerGroupNumber,
    vatZones: settings.vatZones,
  };
  const byEmail = settings.customerMatch === 'email';
  const configuredProducts = configuredProductKeys(settings);
  // The fields of a document or customer whose numbers come from the config, their keys, and where the valid ones are.
  const settingFields: Readonly<Record<string, SettingField>> = {
    layoutNumber: { key: 'orders.layoutNumber', what: 'layout', valid: async () => (await economic.layouts()).map((layout) => layout.layoutNumber) },
    paymentTermsNumber: { key: 'orders.paymentTermsNumber', what: 'payment terms', valid: async () => (await economic.paymentTerms()).map((terms) => terms.paymentTermsNumber) },
    customerGroupNumber: { key: 'orders.customerGroupNumber', what: 'customer group', valid: async () => (await economic.customerGroups()).map((group) => group.customerGroupNumber) },
  };
  const vatZoneOf = (record: RackbeatOrderRecord) => economicVatZoneOf(record.order, record.customer, mapping);

  // One customer read per Rackbeat customer per run, however many orders they have.
  const customers = new Map<number, Promise<RackbeatCustomer | undefined>>();
  const customerOf = (number: number) => {
    let customer = customers.get(number);
    if (!customer) customers.set(number, (customer = rackbeat.customer(number)));
    return customer;
  };
  const toRecord = (order: RackbeatOrder): RackbeatOrderRecord => ({
    id: String(order.number),
    number: String(order.number),
    createdAt: order.createdAt,
    modifiedAt: order.updatedAt,
    order,
    customer: undefined,
  });
  // Documents as e-conomic answered them in this run (created, or found by a look-up), by their key,
  // until the totals check has read them: it needs no second read.
  const known = new Map<string, EconomicSalesDocument>();
  // Its key says where it is (a booked invoice's number is not its draft's); its number is the one people see.
  const remember = (document: EconomicSalesDocument): TargetDoc => {
    const doc = { id: documentKey(document), number: String(document.number) };
    known.set(doc.id, document);
    return doc;
  };

  const customerReference = (record: RackbeatOrderRecord): string => {
    if (!byEmail) return String(record.order.customerNumber);
    const email = record.customer?.email?.trim();
    if (!email) {
      throw new RecordError(
        `Rackbeat customer ${record.order.customerNumber} has no e-mail, and orders.customerMatch is email`,
        'add the e-mail to the customer in Rackbeat, or set orders.customerMatch: number when customer numbers are equal in both systems',
      );
    }
    return email;
  };

  const customerStep: CreateStep<RackbeatOrderRecord, NewEconomicCustomer> = {
    kind: 'create',
    name: ORDER_STEPS.economicCustomer,
    about: 'customer',
    noun: 'e-conomic customer',
    targetSystem: 'economic',
    key: (record) => `${settings.customerMatch}:${customerReference(record).toLowerCase()}`,
    reference: customerReference,
    payload(record) {
      if (!record.customer) {
        throw new RecordError(`Rackbeat customer ${record.order.customerNumber} of this order does not exist`, 'check the order\'s customer in Rackbeat');
      }
      const customer = mapRackbeatCustomerToEconomic(record.customer, record.order.currency, vatZoneOf(record), mapping);
      return byEmail ? customer : { ...customer, customerNumber: record.order.customerNumber };
    },
    body: customerBody,
    async lookup(reference) {
      const found = byEmail ? (await economic.customers.findByEmail(reference))[0] : await economic.customers.get(Number(reference));
      return found && docByNumber(found.customerNumber);
    },
    async create(customer, options) {
      if (!settings.createCustomers) {
        throw new RecordError(
          `no e-conomic customer matches ${byEmail ? customer.email : `number ${customer.customerNumber}`}`,
          'create the customer in e-conomic, or set orders.createCustomers: true',
        );
      }
      try {
        const made = await economic.customers.create(customer, { idempotencyKey: options.idempotencyKey });
        return docByNumber(made.customerNumber);
      } catch (error) {
        throw await translateSettingRefusal(error, settingFields);
      }
    },
  };
  const reference = (record: RackbeatOrderRecord) => economicReference(record.order.number, record.order.heading);
  const documentStep: CreateStep<RackbeatOrderRecord, SalesDocumentInput> = {
    kind: 'create',
    name: ORDER_STEPS.economicDocument,
    about: 'document',
    noun: `e-conomic ${documentLabel}`,
    targetSystem: 'economic',
    reference,
    payload: (record, done) =>
      mapRackbeatOrderToEconomic(record.order, Number(done[ORDER_STEPS.economicCustomer]?.number), vatZoneOf(record), mapping),
    body: (document) => salesDocumentBody(document),
    // Wherever the document is now: a bookkeeper may have sent the order or booked the invoice.
    async lookup(reference) {
      const found = await documents.findByReference(reference);
      return found && remember(found);
    },
    async lookupMany(records) {
      const found = await documents.findByReferences(records.map(reference));
      return new Map([...found].map(([text, document]) => [text, remember(document)]));
    },
    async create(document, options) {
      try {
        return remember(await documents.create(document, { idempotencyKey: options.idempotencyKey }));
      } catch (error) {
        const translated = translateMissingSku(error, 'e-conomic', document.lines.map((line) => line.productNumber), configuredProducts);
        throw await translateSettingRefusal(translated, settingFields);
      }
    },
    goneDocument: (error) => goneCustomer(error, ORDER_STEPS.economicCustomer),
    async verify(doc, record) {
      const { state, number } = parseDocumentKey(doc.id);
      const document = known.get(doc.id) ?? (await documents.get(number, state));
      known.delete(doc.id); // Checked once: a run of thousands of orders keeps none of them.
      if (!document) throw new RecordError(`e-conomic ${documentLabel} ${doc.id} is gone`, 'look for it in e-conomic');
      const zone = vatZoneOf(record);
      assertSameTotals(
        'e-conomic',
        { net: document.netAmount, vat: document.vatAmount, gross: document.grossAmount },
        rackbeatTotals(record.order),
        record.order.lines.length,
        `the document is in e-conomic VAT zone ${zone.number} (from ${zone.setting}), whose VAT differs from what the buyer was charged: set ${zone.setting} to the zone that charges that VAT, or fix the sales accounts of these products' groups for zone ${zone.number} in e-conomic`,
      );
    },
    // orders.updateDrafts: a changed Rackbeat order updates its draft while it is one; a booked
    // invoice or a sent order is never touched (the engine keeps the old content hash and moves on).
    ...(settings.updateDrafts
      ? {
          mayUpdate: async (doc: TargetDoc) => {
            const { state, number } = parseDocumentKey(doc.id);
            return state === 'draft' && (await documents.get(number)) !== undefined;
          },
          update: async (doc: TargetDoc, document: SalesDocumentInput) => {
            const updated = await documents.update(Number(doc.id), document);
            return updated ? docByNumber(updated.number) : doc;
          },
        }
      : {}),
  };

  return {
    flow: 'orders',
    name: ORDER_LEGS.rackbeatEconomic,
    about: 'order',
    source: {
      ...bookedOrderSource(rackbeat, rackbeatInstance, booked, toRecord),
      // The customer is read for an order that is worked on, or whose document's VAT zone would come
      // from it; an order done before that states its own zone and country reads nothing.
      complete: async (record, done) =>
        done && statesItsVatZone(record.order) ? record : { ...record, customer: await customerOf(record.order.customerNumber) },
    },
    skipReason(record) {
      if (record.order.isCancelled) return 'the order is cancelled in Rackbeat';
      return record.order.isBooked ? undefined : 'the order is not booked in Rackbeat';
    },
    steps: [customerStep, documentStep, ...invoiceSteps],
  };
}
