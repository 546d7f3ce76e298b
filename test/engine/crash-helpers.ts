import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { listLinks } from '../../src/store/links.js';
import type { FakeRemote } from './fake-remote.js';
import { makeOrders } from './fixtures/fake-leg.js';

const child = join(import.meta.dirname, 'fixtures', 'crash-child.ts');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the crash child once: one run of the fake leg over `count` orders, its store's clock `clockOffsetMs` ahead. */
export function runChild(storePath: string, remote: FakeRemote, count: number, fault?: string, clockOffsetMs = 0): Promise<ChildRun> {
  const env = { ...process.env };
  if (fault) env['IEX_SYNC_FAULT'] = fault;
  else delete env['IEX_SYNC_FAULT'];
  const proc = spawn(process.execPath, ['--import', 'tsx', child, storePath, remote.url, String(count), String(clockOffsetMs)], { env });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Reruns without faults until a run ends with exit 0; returns how many runs it took. */
export async function rerunUntilDone(storePath: string, remote: FakeRemote, count: number, maxRuns = 8): Promise<number> {
  for (let run = 1; run <= maxRuns; run += 1) {
    const result = await runChild(storePath, remote, count);
    if (result.code === 0) return run;
    expect(result.code, result.stderr).toBe(1); // Unresolved records (outcome unknown, parked): run again.
  }
  throw new Error(`not done after ${maxRuns} runs`);
}

/** Safe at any moment, even mid-crash: no order, customer or booking exists twice in the remote. */
export function expectNoDuplicates(remote: FakeRemote, context: string): void {
  const counts = new Map<string, number>();
  for (const doc of remote.docs()) counts.set(doc.reference, (counts.get(doc.reference) ?? 0) + 1);
  const doubled = [...counts].filter(([, count]) => count > 1).map(([reference]) => reference);
  expect(doubled, context).toEqual([]);
}

/** Kills the child at each point in turn (each `hits` times, so at different records) on one store. */
export async function killAtEach(storePath: string, remote: FakeRemote, count: number, points: readonly string[], hits: readonly number[]): Promise<void> {
  for (const point of points) {
    for (const hit of hits) {
      const killed = await runChild(storePath, remote, count, `${point}@${hit}`);
      expect(killed.signal, `${point}@${hit}: ${killed.stderr}`).toBe('SIGKILL');
      expectNoDuplicates(remote, `after a kill at ${point}@${hit}`);
    }
  }
}

/**
 * The invariant of the whole engine: every source order exists exactly once in the remote, none is
 * missing, every paid one is booked once, every customer exists once, and the links agree.
 */
export function expectExactlyOnce(storePath: string, remote: FakeRemote, count: number): void {
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
