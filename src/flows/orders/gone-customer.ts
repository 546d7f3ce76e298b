import { isSyncHttpError } from '../../connectors/http/errors.js';

/**
 * The step whose customer a document's create was refused for (Rackbeat: `customer_id` "The
 * selected Customer is invalid.", Rackbeat API docs, "Errors"; e-conomic: E06000 on `customer`,
 * e-conomic REST docs, "Annotated errors"): the customer remembered from an earlier order is gone,
 * so the engine looks it up again. Undefined for any other error.
 */
export function goneCustomer(error: unknown, customerStep: string): string | undefined {
  if (!isSyncHttpError(error) || error.kind !== 'validation') return undefined;
  return error.refused?.fields.includes('customerNumber') ? customerStep : undefined;
}
