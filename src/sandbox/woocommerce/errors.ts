import type { SimHandler, SimRequest, SimResponse } from '../harness/types.js';
import type { WooErrorBody } from '../../connectors/woocommerce/types.js';

/**
 * WordPress REST's one error envelope: `{code, message, data: {status, …}}` (WooCommerce REST API docs, Errors). Simulator
 * code throws WooSimError; a route answers it as a response, a batch as a failed item.
 */
export class WooSimError extends Error {
  readonly body: WooErrorBody;

  constructor(
    readonly status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.body = { code, message, data: { status, ...extra } };
  }

  toResponse(): SimResponse {
    return { status: this.status, body: this.body };
  }
}

export function wooError(status: number, code: string, message: string): SimResponse {
  return new WooSimError(status, code, message).toResponse();
}

/** A route handler whose WooSimErrors become error answers. */
export function guarded(handler: SimHandler): SimHandler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof WooSimError) return error.toResponse();
      throw error;
    }
  };
}

/** The JSON object a route was sent (an empty one when the body was not an object). */
export function bodyOf(request: SimRequest): Record<string, unknown> {
  return typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
}

/** 400 `rest_invalid_param` with `params` and (newer WordPress) `details`, as for `per_page=101` (WooCommerce REST API docs, Orders). */
export function invalidParam(name: string, reason: string, detailCode = 'rest_invalid_param'): WooSimError {
  return new WooSimError(400, 'rest_invalid_param', `Invalid parameter(s): ${name}`, {
    params: { [name]: reason },
    details: { [name]: { code: detailCode, message: reason, data: null } },
  });
}

/** Unknown id: 404 on a read, 400 on an update (WC_REST_CRUD_Controller). */
export function invalidId(kind: 'shop_order' | 'product' | 'product_variation', status: 400 | 404): WooSimError {
  return new WooSimError(status, `woocommerce_rest_${kind}_invalid_id`, 'Invalid ID.');
}
