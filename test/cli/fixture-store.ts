import { openStore } from '../../src/store/database.js';
import { advanceCheckpoint } from '../../src/store/checkpoints.js';
import { markFailed, markOk, markUnknown, recordIntent } from '../../src/store/links.js';
import { finishRun, startRun } from '../../src/store/runs.js';
import { appendTransfer } from '../../src/store/transfers.js';

export const SHOP = 'https://shop.example.com';
const START = Date.parse('2025-03-01T10:00:00.000Z');

/**
 * A store with one orders run, written through the store's own functions with a fake clock (one
 * minute per write): webshop order 1042 went all the way to booked invoice 20001, order 1043
 * failed, order 1044's Rackbeat create ended outcome-unknown, order 1045 was skipped.
 * `payloadSecret` goes into order 1042's source payload, through `redact` as the engine's would.
 * Returns the ids the tests look for.
 */
export function fillStore(
  path: string,
  payloadSecret = { apiKey: 'not-a-secret', redact: (payload: unknown) => payload },
): { runId: number; bookedTransferId: number } {
  let tick = 0;
  const store = openStore(path, { clock: () => new Date(START + 60_000 * tick++) });
  const runId = startRun(store, { flow: 'orders', command: 'orders sync', dryRun: false });
  const leg1 = { flow: 'orders', leg: 'webshop-rackbeat', sourceSystem: 'woocommerce', sourceInstance: SHOP, targetSystem: 'rackbeat' };
  const leg2 = { flow: 'orders', leg: 'rackbeat-economic', sourceSystem: 'rackbeat', sourceInstance: 'rb-1', targetSystem: 'economic' };
  const log = (entry: Omit<Parameters<typeof appendTransfer>[1], 'runId' | 'flow'>) =>
    appendTransfer(store, { runId, flow: 'orders', ...entry }, payloadSecret.redact);

  // 1042: webshop → Rackbeat order 5001 → e-conomic draft 7, booked as invoice 20001.
  const order = recordIntent(store, { ...leg1, step: 'create-order', sourceId: '901', sourceNumber: '1042', sourceModifiedAt: '2025-03-01T09:00:00Z' });
  markOk(store, order.id, { targetId: '5001', targetNumber: '5001' });
  log({ leg: leg1.leg, stage: 'created', status: 'ok', sourceSystem: 'woocommerce', sourceId: '901', sourceNumber: '1042', targetSystem: 'rackbeat', targetId: '5001', targetNumber: '5001', linkId: order.id, durationMs: 120, sourcePayload: { id: 901, number: '1042', billing: { email: 'a@example.com' }, apiKey: payloadSecret.apiKey, headers: { Authorization: `Bearer ${payloadSecret.apiKey}` } }, targetPayload: { heading: 'WEB-1042' } });
  const draft = recordIntent(store, { ...leg2, step: 'create-document', sourceId: '5001', sourceNumber: '5001', upstreamLinkId: order.id, sourceModifiedAt: '2025-03-01T09:30:00Z' });
  markOk(store, draft.id, { targetId: '7', targetNumber: '7' });
  log({ leg: leg2.leg, stage: 'created', status: 'ok', sourceSystem: 'rackbeat', sourceId: '5001', sourceNumber: '5001', targetSystem: 'economic', targetId: '7', targetNumber: '7', linkId: draft.id, message: 'draft invoice, "Order 1042", net 100.00' });
  const booked = recordIntent(store, { ...leg2, step: 'book-document', sourceId: '5001', sourceNumber: '5001', upstreamLinkId: draft.id, sourceModifiedAt: '2025-03-01T09:30:00Z' });
  markOk(store, booked.id, { targetId: '20001', targetNumber: '20001' });
  const bookedTransferId = log({ leg: leg2.leg, stage: 'booked', status: 'ok', sourceSystem: 'rackbeat', sourceId: '5001', sourceNumber: '5001', targetSystem: 'economic', targetId: '20001', targetNumber: '20001', linkId: booked.id });

  // 1043 failed, 1044 outcome unknown, 1045 skipped.
  const failed = recordIntent(store, { ...leg1, step: 'create-order', sourceId: '902', sourceNumber: '1043', sourceModifiedAt: '2025-03-01T09:05:00Z' });
  markFailed(store, failed.id, { error: 'product SKU-9 does not exist in Rackbeat', nextAttemptAt: new Date(START + 3_600_000), giveUpAfterAttempts: 5 });
  log({ leg: leg1.leg, stage: 'created', status: 'failed', sourceSystem: 'woocommerce', sourceId: '902', sourceNumber: '1043', targetSystem: 'rackbeat', linkId: failed.id, message: 'product SKU-9 does not exist in Rackbeat', hint: 'create SKU-9 in Rackbeat' });
  const unknown = recordIntent(store, { ...leg1, step: 'create-order', sourceId: '903', sourceNumber: '1044', sourceModifiedAt: '2025-03-01T09:06:00Z' });
  markUnknown(store, unknown.id, 'timeout after POST /orders');
  log({ leg: leg1.leg, stage: 'created', status: 'unknown', sourceSystem: 'woocommerce', sourceId: '903', sourceNumber: '1044', targetSystem: 'rackbeat', linkId: unknown.id, message: 'timeout after POST /orders' });
  log({ leg: leg1.leg, stage: 'pulled', status: 'skipped', sourceSystem: 'woocommerce', sourceId: '904', sourceNumber: '1045', message: 'order not in allowed states (on-hold)' });

  advanceCheckpoint(store, { flow: 'orders', leg: leg1.leg, sourceInstance: SHOP }, '2025-03-01T09:06:00Z');
  const counts = { ok: 1, skipped: 1, failed: 1, unknown: 1, dryRun: 0, unchanged: 0, attention: 0 };
  finishRun(store, runId, { result: 'failed', exitCode: 1, counts: { [leg1.leg]: counts, [leg2.leg]: { ...counts, ok: 2, skipped: 0, failed: 0, unknown: 0 } } });
  store.close();
  return { runId, bookedTransferId };
}
