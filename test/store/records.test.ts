import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceCheckpoint, getCheckpoint } from '../../src/store/checkpoints.js';
import { openStore, type Store } from '../../src/store/database.js';
import { bindIdentity, boundIdentity, IdentityMismatchError, type SystemIdentity } from '../../src/store/identity.js';
import { dueForRetry, findLink, markFailed, markOk, markSkipped, recordIntent, type LinkIntent } from '../../src/store/links.js';
import { finishRun, markUnfinishedRunsCrashed, startRun } from '../../src/store/runs.js';
import { appendTransfer } from '../../src/store/transfers.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const shop: SystemIdentity = { role: 'webshop', system: 'woocommerce', instanceId: 'https://shop.example', label: 'Shop' };
const rackbeat: SystemIdentity = { role: 'rackbeat', system: 'rackbeat', instanceId: '4711', label: 'Acme ApS' };

describe('store records', () => {
  const tmp = useTmpDir();
  let now = Date.parse('2025-03-01T12:00:00Z');
  const open = (): Store => openStore(join(tmp(), 'iex-sync.db'), { clock: () => new Date(now) });

  it('binds identity on first use and refuses other systems naming both', () => {
    const store = open();
    bindIdentity(store, [shop]);
    bindIdentity(store, [shop, rackbeat]); // A role seen for the first time is bound now.
    expect(boundIdentity(store).map((row) => row.instanceId)).toEqual(['4711', 'https://shop.example']);
    const other = { ...rackbeat, instanceId: '999', label: 'Sandbox' };
    expect(() => bindIdentity(store, [shop, other])).toThrow(IdentityMismatchError);
    expect(() => bindIdentity(store, [shop, other])).toThrow(/"Acme ApS" \(4711\).*"Sandbox" \(999\)/);
  });

  it('moves checkpoints forward only, unless asked to go back', () => {
    const store = open();
    const key = { flow: 'orders', leg: 'webshop-rackbeat', sourceInstance: 'https://shop.example' };
    expect(getCheckpoint(store, key)).toBeUndefined();
    advanceCheckpoint(store, key, '2025-01-02T00:00:00Z');
    advanceCheckpoint(store, key, '2025-01-01T00:00:00Z');
    expect(getCheckpoint(store, key)).toBe('2025-01-02T00:00:00.000Z');
    advanceCheckpoint(store, key, '2025-01-01T00:00:00Z', { allowBackwards: true });
    expect(getCheckpoint(store, key)).toBe('2025-01-01T00:00:00.000Z');
  });

  it('parks failures with attempts and a next attempt, then gives up with the reason', () => {
    const store = open();
    const intent: LinkIntent = {
      flow: 'orders', leg: 'webshop-rackbeat', step: 'order', sourceSystem: 'woocommerce',
      sourceInstance: 'https://shop.example', sourceId: '1042', targetSystem: 'rackbeat',
      reference: 'WOO-1042', sourceModifiedAt: '2025-03-01T10:00:00.000Z',
    };
    const link = recordIntent(store, intent);
    expect(dueForRetry(store, { leg: intent.leg, sourceInstance: intent.sourceInstance, now: new Date(now) })).toEqual(['1042']);
    const parked = markFailed(store, link.id, { error: 'unknown SKU', nextAttemptAt: new Date(now + 60_000), giveUpAfterAttempts: 2 });
    expect(parked).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2025-03-01T12:01:00.000Z' });
    expect(dueForRetry(store, { leg: intent.leg, sourceInstance: intent.sourceInstance, now: new Date(now) })).toEqual([]);
    expect(dueForRetry(store, { leg: intent.leg, sourceInstance: intent.sourceInstance, now: new Date(now + 60_000) })).toEqual(['1042']);
    recordIntent(store, intent);
    const gone = markFailed(store, link.id, { error: 'unknown SKU', nextAttemptAt: new Date(now), giveUpAfterAttempts: 2 });
    expect(gone).toMatchObject({ status: 'given-up', attempts: 2, lastError: 'gave up after 2 attempts: unknown SKU' });
    expect(dueForRetry(store, { leg: intent.leg, sourceInstance: intent.sourceInstance, now: new Date(now + 1e9) })).toEqual([]);

    recordIntent(store, intent);
    markOk(store, link.id, { targetId: '77', targetNumber: '5001', contentHash: 'abc' });
    expect(findLink(store, intent)).toMatchObject({ status: 'ok', targetId: '77', attempts: 2, lastError: undefined });
  });

  it('reports a skip as new only once per record and reason', () => {
    const store = open();
    const intent: LinkIntent = {
      flow: 'orders', leg: 'webshop-rackbeat', step: 'order', sourceSystem: 'woocommerce',
      sourceInstance: 'https://shop.example', sourceId: '7', targetSystem: 'rackbeat', sourceModifiedAt: '2025-03-01T10:00:00.000Z',
    };
    expect(markSkipped(store, intent, 'order not in allowed states').isNew).toBe(true);
    expect(markSkipped(store, intent, 'order not in allowed states').isNew).toBe(false);
    expect(markSkipped(store, intent, 'order has no lines').isNew).toBe(true);
  });

  it('logs transfers with redacted payloads and closes runs, marking killed ones crashed', () => {
    const store = open();
    const killed = startRun(store, { flow: 'orders', command: 'iex-sync orders', dryRun: false });
    const runId = startRun(store, { flow: 'orders', command: 'iex-sync orders', dryRun: false });
    const id = appendTransfer(
      store,
      { runId, flow: 'orders', leg: 'webshop-rackbeat', stage: 'created', status: 'ok', sourceSystem: 'woocommerce', sourceId: '1', sourcePayload: { token: 's3cret', total: 10 } },
      (payload) => ({ ...(payload as object), token: '[redacted]' }),
    );
    const row = store.db.prepare('SELECT source_payload, at FROM transfers WHERE id = ?').get(id) as { source_payload: string; at: string };
    expect(row.source_payload).toBe('{"token":"[redacted]","total":10}');
    expect(row.at).toBe('2025-03-01T12:00:00.000Z');
    finishRun(store, runId, { result: 'ok', exitCode: 0, counts: {} });
    expect(markUnfinishedRunsCrashed(store)).toBe(1);
    expect(store.db.prepare('SELECT result FROM runs WHERE id = ?').get(killed)).toEqual({ result: 'crashed' });
  });
});
