import { expect } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { listLinks } from '../../src/store/links.js';
import { builtChild } from '../helpers/built-child.js';
import type { CrashSubject } from '../helpers/crash-kit.js';
import type { FakeRemote } from './fake-remote.js';
import { makeOrders } from './fixtures/fake-leg.js';

/**
 * The engine's crash child for the crash kit: one run of the fake leg over `count` orders against
 * the fake remote, with the store at `storePath`, its clock `clockOffsetMs` ahead of the wall clock.
 */
export function crashChild(storePath: string, remote: FakeRemote, count: number, clockOffsetMs = 0): CrashSubject {
  return {
    args: [builtChild('test/engine/fixtures/crash-child.ts'), storePath, remote.url, String(count), String(clockOffsetMs)],
    expectNoDoubles: (context) => expectNoDuplicates(remote, context),
    expectExactlyOnce: () => expectExactlyOnce(storePath, remote, count),
  };
}

/** Safe at any moment, even mid-crash: no order, customer or booking exists twice in the remote. */
export function expectNoDuplicates(remote: FakeRemote, context: string): void {
  const counts = new Map<string, number>();
  for (const doc of remote.docs()) counts.set(doc.reference, (counts.get(doc.reference) ?? 0) + 1);
  const doubled = [...counts].filter(([, count]) => count > 1).map(([reference]) => reference);
  expect(doubled, context).toEqual([]);
}

/**
 * The invariant of the whole engine: every source order exists exactly once in the remote, none is
 * missing, every paid one is booked once, every customer exists once, and the links agree.
 */
function expectExactlyOnce(storePath: string, remote: FakeRemote, count: number): void {
  const orders = makeOrders(count);
  const store = openStore(storePath);
  try {
    const orderLinks = new Map(listLinks(store, { step: 'order' }).map((link) => [link.sourceId, link]));
    const bookLinks = new Map(listLinks(store, { step: 'book' }).map((link) => [link.sourceId, link]));
    const problems: string[] = [];
    for (const order of orders) {
      const docs = remote.byReference(`ORDER-${order.number}`);
      const link = orderLinks.get(order.id);
      if (docs.length !== 1) problems.push(`order ${order.number}: ${docs.length} documents`);
      else if (link?.status !== 'ok' || link.targetId !== docs[0]?.id) problems.push(`order ${order.number}: link ${link?.status} → ${link?.targetId}, remote ${docs[0]?.id}`);
      else if (docs[0]?.booked !== order.paid) problems.push(`order ${order.number}: booked ${docs[0]?.booked}, paid ${order.paid}`);
      else if (order.paid && bookLinks.get(order.id)?.status !== 'ok') problems.push(`order ${order.number}: book link ${bookLinks.get(order.id)?.status}`);
    }
    for (const email of new Set(orders.map((order) => order.email))) {
      const customers = remote.byReference(`CUST-${email}`).length;
      if (customers !== 1) problems.push(`customer ${email}: ${customers} documents`);
    }
    expect(problems).toEqual([]);
    expect(remote.docs().length).toBe(count + new Set(orders.map((order) => order.email)).size);
  } finally {
    store.close();
  }
}
