import { isSyncHttpError } from '../http/errors.js';
import { allPages, post, type RackbeatContext } from './paging.js';
import { formatRackbeatTime, parseRackbeatTime } from './timestamps.js';

/**
 * Rackbeat inventory adjustments ("regulations"): units of one product put into (or taken out of)
 * stock at one location, with a reason and a free-text description. The one place that knows their
 * paths and fields; what is confirmed and what is inferred:
 * - the body: Rackbeat API 0.5.4 spec (2018), InventoryAdjustmentForm: `location_number`, `quantity`,
 *   `regulated_at`, `reason`, `item_type`, `item_number`, optional `description`; one item per
 *   adjustment. That spec's path is `POST /inventory-adjustment` (singular, kg-bot/laravel-rackbeat's
 *   entity name too); the fields are [unconfirmed] against today's API;
 * - the plural create path `POST /inventory-adjustments`, and that an adjustment is made as a draft
 *   and booked after with `POST /inventory-adjustments/{id}/book` (answer 200): inferred from
 *   mikkelrask/rackbeat-tools (2024), which books listed adjustments so;
 * - the list: `GET /inventory-movements` answers 206 with the envelope key `inventory_regulations`
 *   (mikkelrask/rackbeat-tools), rows `{id, reason, description, lines, regulated_at, created_at,
 *   updated_at}` (the 2018 spec's InventoryRegulation). Whether a row says it is booked is not in
 *   the 2018 spec: `is_booked` or `booked_at` is read [unconfirmed].
 * No source shows a filter on `description`, so an adjustment is found by it on our side
 * (AdjustmentIndex).
 */

const CREATE_PATH = '/inventory-adjustments';
const LIST_PATH = '/inventory-movements';
const LIST_KEY = 'inventory_regulations';
/** The singular key of a create answer, after the list's (Rackbeat's envelopes: Rackbeat API docs, "Pagination"). */
const ONE_KEY = 'inventory_regulation';

/** `item_type` of a plain product (the 2018 spec's `Lineable` types are `product` and `lot`). */
const PRODUCT_ITEM_TYPE = 'product';

export interface NewRackbeatAdjustment {
  locationNumber: number;
  productNumber: string;
  /** Units put into stock (positive). */
  quantity: number;
  regulatedAt: Date;
  reason: string;
  /** Our reference: the adjustment is found by it again. */
  description: string;
}

export interface RackbeatAdjustment {
  id: number;
  description: string;
  isBooked: boolean;
  updatedAt: Date;
}

interface ApiAdjustment {
  id: number;
  reason?: string | null;
  description?: string | null;
  is_booked?: boolean | null;
  booked_at?: string | null;
  updated_at: string;
}

/** The request body of a new adjustment (InventoryAdjustmentForm), exactly as sent. */
export function adjustmentBody(input: NewRackbeatAdjustment, timeZone: string): Record<string, unknown> {
  return {
    location_number: String(input.locationNumber),
    quantity: input.quantity,
    regulated_at: formatRackbeatTime(input.regulatedAt, timeZone),
    reason: input.reason,
    item_type: PRODUCT_ITEM_TYPE,
    item_number: input.productNumber,
    description: input.description,
  };
}

function fromApi(api: ApiAdjustment, timeZone: string): RackbeatAdjustment {
  return {
    id: api.id,
    description: (api.description ?? '').trim(),
    isBooked: api.is_booked === true || (api.booked_at !== undefined && api.booked_at !== null && api.booked_at !== ''),
    updatedAt: parseRackbeatTime(api.updated_at, timeZone),
  };
}

export interface RackbeatAdjustments {
  /** Makes a draft adjustment. A lost answer throws outcome-unknown: look it up by its description. */
  create(input: NewRackbeatAdjustment): Promise<RackbeatAdjustment>;
  /** A new index of adjustments by description, for a run's look-ups and bookings. */
  index(): AdjustmentIndex;
}

export function rackbeatAdjustments(context: RackbeatContext): RackbeatAdjustments {
  return {
    async create(input) {
      const api = await post<ApiAdjustment>(context, CREATE_PATH, ONE_KEY, adjustmentBody(input, context.timeZone));
      return fromApi(api, context.timeZone);
    },
    index: () =>
      new AdjustmentIndex(async function* (since) {
        // `updated_at_from` narrows the read where Rackbeat honours it on this list (documented for
        // some lists: Rackbeat API docs, "Filtering"); where it does not, every page is read, and the
        // match on our side stays exact either way.
        for await (const page of allPages<ApiAdjustment>(context, LIST_PATH, LIST_KEY, { updated_at_from: formatRackbeatTime(since, context.timeZone) })) {
          yield page.map((api) => fromApi(api, context.timeZone));
        }
      }, (id) => context.http.request({ method: 'POST', path: `${CREATE_PATH}/${id}/book` })),
  };
}

/**
 * Adjustments by their description (our reference), for a run: the adjustments changed since a time
 * are read through once and remembered, and a question about an earlier time reads again from then;
 * what this run makes or books is added as it happens. Cost: one list pass over the adjustments made
 * since the oldest refund asked about (pages of the client's page size), once a run.
 */
export class AdjustmentIndex {
  private scannedFrom: Date | undefined;
  private readonly byDescription = new Map<string, RackbeatAdjustment>();
  private readonly byId = new Map<number, RackbeatAdjustment>();

  constructor(
    private readonly scan: (since: Date) => AsyncIterable<RackbeatAdjustment[]>,
    private readonly bookOne: (id: number) => Promise<unknown>,
  ) {}

  /** The adjustments carrying these descriptions, by description (the lowest id when there are several). */
  async find(descriptions: readonly string[], since: Date, fresh = false): Promise<Map<string, RackbeatAdjustment>> {
    await this.read(since, fresh);
    const found = new Map<string, RackbeatAdjustment>();
    for (const description of descriptions) {
      const adjustment = this.byDescription.get(description.trim());
      if (adjustment) found.set(description, adjustment);
    }
    return found;
  }

  /** The adjustments with these ids (made since `since`), by id; one not there is gone. */
  async byIds(ids: readonly number[], since: Date): Promise<Map<number, RackbeatAdjustment>> {
    await this.read(since, false);
    return new Map(ids.flatMap((id) => {
      const adjustment = this.byId.get(id);
      return adjustment ? [[id, adjustment] as const] : [];
    }));
  }

  /** An adjustment this run made (or saw change). */
  remember(adjustment: RackbeatAdjustment): void {
    this.byId.set(adjustment.id, adjustment);
    const known = this.byDescription.get(adjustment.description);
    if (!known || adjustment.id <= known.id) this.byDescription.set(adjustment.description, adjustment);
  }

  private async read(since: Date, fresh: boolean): Promise<void> {
    if (!fresh && this.scannedFrom !== undefined && since.getTime() >= this.scannedFrom.getTime()) return;
    for await (const page of this.scan(since)) page.forEach((adjustment) => this.remember(adjustment));
    if (!fresh || this.scannedFrom === undefined || since.getTime() < this.scannedFrom.getTime()) this.scannedFrom = since;
  }

  /**
   * Books a draft. Booking one booked already is refused (422, as the simulator answers; Rackbeat
   * does not document it): then a fresh read decides, and a booked one is done.
   */
  async book(adjustment: RackbeatAdjustment, since: Date): Promise<void> {
    try {
      await this.bookOne(adjustment.id);
    } catch (error) {
      if (!isSyncHttpError(error) || (error.kind !== 'validation' && error.kind !== 'outcome-unknown')) throw error;
      const now = (await this.find([adjustment.description], since, true)).get(adjustment.description);
      if (!now?.isBooked) throw error;
    }
    this.remember({ ...adjustment, isBooked: true });
  }
}
