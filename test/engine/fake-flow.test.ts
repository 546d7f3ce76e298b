import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../src/store/database.js';
import { listLinks } from '../../src/store/links.js';
import { builtChild } from '../helpers/built-child.js';
import { crashAndRecover, type CrashSubject } from '../helpers/crash-kit.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { expectNoDuplicates } from './crash-helpers.js';
import { useFakeRemote, type FakeRemote } from './fake-remote.js';
import { makeOrders } from './fixtures/fake-leg.js';

/**
 * Issue 13, "Done when": a flow defined from fake legs alone (a create, an update, a state change
 * that yields a new document, a step acting on an earlier leg's document) runs through the generic
 * run service with no other code, and the protocol holds for it under the fault points: killed at
 * each, rerun until done, every order is one document, every paid one converted exactly once and
 * that conversion booked, every level written, and the links agree.
 */
const COUNT = 40;
const TIMEOUT_MS = 180_000;

/** The fake flow's child for the crash kit, and what exactly once means for it. */
function fakeFlowChild(configPath: string, storePath: string, remote: FakeRemote): CrashSubject {
  const orders = makeOrders(COUNT);
  return {
    args: [builtChild('test/engine/fixtures/fake-flow-child.ts'), configPath, remote.url, String(COUNT)],
    expectNoDoubles: (context) => expectNoDuplicates(remote, context),
    expectExactlyOnce: () => {
      const problems: string[] = [];
      for (const order of orders) {
        const made = remote.byReference(`ORDER-${order.number}`);
        const converted = remote.byReference(`ORDER-${order.number}/converted`);
        if (made.length !== 1) problems.push(`order ${order.number}: ${made.length} documents`);
        if (converted.length !== (order.paid ? 1 : 0)) problems.push(`order ${order.number}: ${converted.length} conversions`);
        if (order.paid && !converted[0]?.booked) problems.push(`order ${order.number}: conversion not booked`);
        const level = remote.byReference(`LEVEL-${order.number}`)[0];
        if (JSON.stringify(level?.payload) !== JSON.stringify({ level: order.amount })) problems.push(`level ${order.number}: ${JSON.stringify(level?.payload)}`);
      }
      expect(problems).toEqual([]);
      const store = openStore(storePath);
      try {
        const conversions = listLinks(store, { step: 'convert' }).filter((link) => link.status === 'ok');
        expect(conversions).toHaveLength(orders.filter((order) => order.paid).length);
        for (const link of conversions) expect(remote.docs().find((doc) => doc.id === link.targetId)?.reference).toMatch(/\/converted$/);
      } finally {
        store.close();
      }
    },
    maxReruns: 6,
  };
}

describe('a flow from fake legs through the generic run service', () => {
  const tmp = useTmpDir();
  const startRemote = useFakeRemote();

  it('keeps exactly once under kills at every fault point of its update, conversion and booking', async () => {
    const remote = await startRemote({ latencyMs: 1 });
    for (const order of makeOrders(COUNT)) remote.seed(`LEVEL-${order.number}`, { level: 0 });
    const dir = tmp();
    const storePath = join(dir, 'iex-sync.db');
    const configPath = join(dir, 'sync.config.yaml');
    const ordersSection = { startFrom: '2025-01-01T00:00:00Z', layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 } };
    writeFileSync(configPath, stringify({ store: storePath, orders: ordersSection }));

    const points = [
      'after-create:order@3',
      'after-intent:level@2',
      'after-update:level@3',
      'before-commit:level@1',
      'after-intent:convert@2',
      'after-state-change:convert@3',
      'before-commit:convert@1',
      'after-commit:convert@2',
      'after-state-change:book-converted@2',
      'after-checkpoint:shop-convert@1',
    ];
    await crashAndRecover(fakeFlowChild(configPath, storePath, remote), points);
  }, TIMEOUT_MS);
});
