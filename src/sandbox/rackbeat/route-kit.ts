import type { SimHandler, SimRequest, SimResponse } from '../harness/types.js';
import type { RackbeatRenderer } from './render.js';
import { SimNotFoundError, type RackbeatSimState } from './state.js';
import { SimValidationError } from './validation.js';

/** What every Rackbeat route works with. */
export interface RackbeatRouteContext {
  state: RackbeatSimState;
  render: RackbeatRenderer;
}

/** 404 body: Rackbeat's exact text is unconfirmed; Laravel answers `{"message": ...}`. */
export const NOT_FOUND: SimResponse = { status: 404, body: { message: 'Not found' } };

/** Turns the state's errors into Rackbeat's answers: 422 Laravel `errors`, 404. */
export function handle(state: RackbeatSimState, handler: SimHandler): SimHandler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof SimNotFoundError) return NOT_FOUND;
      if (error instanceof SimValidationError) {
        const message = state.settings.validationMessage ? { message: 'The given data was invalid.' } : {};
        return { status: 422, body: { ...message, errors: error.errors } };
      }
      throw error;
    }
  };
}

/** Orders, customers and groups are keyed by integers (as Rackbeat's SDKs use them); anything else is a 404. */
export function integerParam(request: SimRequest, name: string): number {
  const value = request.params[name] ?? '';
  if (!/^\d+$/.test(value)) throw new SimNotFoundError();
  return Number(value);
}

/** The record a path names, or a 404. */
export function mustExist<T>(record: T | undefined): T {
  if (record === undefined) throw new SimNotFoundError();
  return record;
}

export const ok = (body: unknown): SimResponse => ({ status: 200, body });
export const created = (body: unknown): SimResponse => ({ status: 201, body });
