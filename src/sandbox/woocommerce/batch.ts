import type { SimResponse } from '../harness/types.js';
import { WooSimError } from './errors.js';

/**
 * The batch endpoints (WooCommerce REST API docs, Products and Product variations): at most `limit` items across create + update + delete, else 413;
 * otherwise 200 whatever happens to each item, a failed item being `{id, error}` (id 0 for a create).
 */
export interface BatchHandlers {
  limit: number;
  update: (item: Record<string, unknown>, id: number) => unknown;
  delete: (id: number) => unknown;
}

export function runBatch(body: unknown, handlers: BatchHandlers): SimResponse {
  const request = (body ?? {}) as { create?: unknown; update?: unknown; delete?: unknown };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const creates = list(request.create);
  const updates = list(request.update);
  const deletes = list(request.delete);
  if (creates.length + updates.length + deletes.length > handlers.limit) {
    return new WooSimError(
      413,
      'woocommerce_rest_request_entity_too_large',
      `Unable to accept more than ${handlers.limit} items for this request.`,
    ).toResponse();
  }
  const each = (id: number, work: () => unknown): unknown => {
    try {
      return work();
    } catch (error) {
      if (error instanceof WooSimError) return { id, error: error.body };
      throw error;
    }
  };
  const answer: Record<string, unknown[]> = {};
  // The simulator models the shop's own objects; creating them through the API is out of its scope.
  if (request.create !== undefined) {
    const unsupported = new WooSimError(501, 'woocommerce_rest_simulator_cannot_create', 'The simulator does not create objects.');
    answer.create = creates.map(() => ({ id: 0, error: unsupported.body }));
  }
  if (request.update !== undefined) {
    answer.update = updates.map((item) => {
      const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      const id = Number(record.id ?? 0);
      return each(id, () => handlers.update(record, id));
    });
  }
  if (request.delete !== undefined) {
    answer.delete = deletes.map((item) => {
      const id = Number(item);
      return each(id, () => handlers.delete(id));
    });
  }
  return { status: 200, body: answer };
}
