import { UsageError } from '../../domain/errors.js';

/** `--order N` names an order the webshop does not have: a usage error (exit 2), nothing is run. */
export class OrderNotFoundError extends UsageError {
  constructor(orderNumber: string) {
    super(`the webshop has no order ${orderNumber}`, 'give the order number as the shop shows it (e.g. 1042 or #1042)');
  }
}
