import type { SimRequest, SimRoute } from '../harness/types.js';
import { WOO_ORDER_STATUSES, type WooOrderStatus } from '../../connectors/woocommerce/types.js';
import { runBatch } from './batch.js';
import { listParam, planList, type CollectionSettings } from './collection.js';
import { bodyOf, guarded, invalidId, invalidParam, WooSimError } from './errors.js';
import type { SimOrder, WooSimState } from './state.js';

/** `/orders`, `/orders/:id`, `/orders/batch`, `/orders/:id/notes` under /wp-json/wc/v3 (WooCommerce REST API docs, Orders). */
const STATUS_FILTERS = ['any', 'trash', ...WOO_ORDER_STATUSES, 'checkout-draft'];

export function orderRoutes(
  state: WooSimState,
  settings: CollectionSettings & { batchLimit: number; base: string },
): SimRoute[] {
  const base = settings.base;
  const find = (id: string | number, status: 400 | 404): SimOrder => {
    const order = state.orders.get(Number(id));
    if (!order) throw invalidId('shop_order', status);
    return order;
  };

  const update = (order: SimOrder, body: Record<string, unknown>): SimOrder => {
    const status = body.status;
    if (status !== undefined && !(typeof status === 'string' && (WOO_ORDER_STATUSES as readonly string[]).includes(status))) {
      throw invalidParam('status', `status is not one of ${WOO_ORDER_STATUSES.join(', ')}.`, 'rest_not_in_enum');
    }
    const note = body.customer_note;
    return state.modifyOrder(order.id, {
      status: status as WooOrderStatus | undefined,
      customerNote: typeof note === 'string' ? note : undefined,
    });
  };

  const trash = (order: SimOrder): SimOrder => {
    order.status = 'trash';
    order.modifiedAt = state.shopNow();
    return order;
  };

  return [
    {
      method: 'GET',
      pattern: `${base}/orders`,
      handler: guarded((request) => {
        const statuses = listParam(request.query, 'status');
        const unknown = statuses.findIndex((status) => !STATUS_FILTERS.includes(status));
        if (unknown >= 0) {
          throw invalidParam('status', `status[${unknown}] is not one of ${STATUS_FILTERS.join(', ')}.`, 'rest_not_in_enum');
        }
        const wanted = statuses.length === 0 || statuses.includes('any') ? undefined : new Set(statuses);
        const candidates = [...state.orders.values()].filter(
          (order) => (wanted ? wanted.has(order.status) : order.status !== 'trash') && matchesFilters(order, request),
        );
        const plan = planList(request, candidates, settings);
        return { status: 200, headers: plan.headers, body: plan.page.map((order) => state.renderOrder(order)) };
      }),
    },
    {
      method: 'POST',
      pattern: `${base}/orders/batch`,
      handler: guarded((request) =>
        runBatch(request.body, {
          limit: settings.batchLimit,
          update: (item, id) => state.renderOrder(update(find(id, 400), item)),
          delete: (id) => state.renderOrder(trash(find(id, 400))),
        }),
      ),
    },
    {
      method: 'GET',
      pattern: `${base}/orders/:id`,
      handler: guarded((request) => ({ status: 200, body: state.renderOrder(find(request.params.id!, 404)) })),
    },
    {
      method: 'PUT',
      pattern: `${base}/orders/:id`,
      handler: guarded((request) => ({
        status: 200,
        body: state.renderOrder(update(find(request.params.id!, 400), bodyOf(request))),
      })),
    },
    {
      method: 'GET',
      pattern: `${base}/orders/:id/notes`,
      handler: guarded((request) => {
        const order = find(request.params.id!, 404);
        const notes = (state.notes.get(order.id) ?? []).map((note) => renderNote(state, note));
        return { status: 200, body: notes.reverse() };
      }),
    },
    {
      method: 'POST',
      pattern: `${base}/orders/:id/notes`,
      handler: guarded((request) => {
        const order = find(request.params.id!, 404);
        const body = bodyOf(request);
        if (typeof body.note !== 'string' || body.note === '') {
          throw new WooSimError(400, 'rest_missing_callback_param', 'Missing parameter(s): note', { params: ['note'] });
        }
        const notes = state.notes.get(order.id) ?? [];
        // Notes are comments: adding one leaves the order's modified time alone.
        const note = { id: state.newPostId(), note: body.note, customerNote: body.customer_note === true, createdAt: state.shopNow() };
        notes.push(note);
        state.notes.set(order.id, notes);
        return { status: 201, body: renderNote(state, note) };
      }),
    },
  ];
}

function matchesFilters(order: SimOrder, request: SimRequest): boolean {
  const customer = request.query.get('customer');
  if (customer !== null && order.customerId !== Number(customer)) return false;
  const product = request.query.get('product');
  if (product !== null && !order.lines.some((line) => line.productId === Number(product))) return false;
  const search = request.query.get('search')?.toLowerCase();
  if (search) {
    const haystack = [order.number, order.billing.email, order.billing.first_name, order.billing.last_name, order.billing.company];
    if (!haystack.some((text) => text.toLowerCase().includes(search))) return false;
  }
  return true;
}

function renderNote(state: WooSimState, note: { id: number; note: string; customerNote: boolean; createdAt: number }) {
  return {
    id: note.id,
    author: 'WooCommerce',
    date_created: state.local(note.createdAt),
    date_created_gmt: state.gmt(note.createdAt),
    note: note.note,
    customer_note: note.customerNote,
  };
}
