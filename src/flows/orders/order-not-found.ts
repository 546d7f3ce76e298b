/** `--order N` names an order the webshop does not have: a usage error (exit 2), nothing is run. */
export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
  readonly exitCode = 2;
  readonly hint = 'give the order number as the shop shows it (e.g. 1042 or #1042)';

  constructor(orderNumber: string) {
    super(`the webshop has no order ${orderNumber}`);
  }
}
