/** The order flow's legs and steps by name: links, checkpoints, fault points and `history` know them so. */
export const ORDER_LEGS = {
  webshopRackbeat: 'webshop-rackbeat',
  rackbeatEconomic: 'rackbeat-economic',
  rackbeatWebshop: 'rackbeat-webshop',
  refunds: 'webshop-refunds',
  cancellations: 'webshop-cancellations',
} as const;

export const ORDER_STEPS = {
  rackbeatCustomer: 'rackbeat-customer',
  rackbeatOrder: 'rackbeat-order',
  rackbeatBook: 'rackbeat-book',
  economicCustomer: 'economic-customer',
  economicDocument: 'economic-document',
  economicInvoice: 'economic-invoice',
  economicBook: 'economic-book',
  economicPayment: 'economic-payment',
  invoiceMail: 'invoice-mail',
  webshopFulfilment: 'webshop-fulfilment',
  creditNote: 'economic-credit-note',
  creditBook: 'economic-credit-book',
  refundPayment: 'economic-refund-payment',
  rackbeatCancel: 'rackbeat-cancel',
  economicCancel: 'economic-cancel',
  cancelCredit: 'economic-cancel-credit',
  cancelCreditBook: 'economic-cancel-credit-book',
  rackbeatRestock: 'rackbeat-restock',
  rackbeatRestockBook: 'rackbeat-restock-book',
} as const;
