/**
 * The engine's hand-over under shuffled timing, without HTTP: leg 1 makes a document per source
 * record in an in-memory system that leg 2 reads (stamped in whole seconds, listed from a cursor
 * that chases what is being made, as Rackbeat's orders are); leg 2 makes a customer (shared, keyed)
 * and a document per record in another, looked up a batch or a page at a time. Every call waits a
 * seeded random while (nothing, a microtask or a few, setImmediate, 0-2 ms), so hand-over batches,
 * claims, takes again (a record leg 2's listing took before it was handed over), the closing
 * listing and the batched look-ups meet in ever different orders. After each run: each of leg 1's
 * documents has exactly one leg 2 document, each customer one document, leg 2 counted every record
 * ok exactly once, and the run exited 0. A run that did not is printed. Fast (about 150 runs in 15 s).
 * Knobs: `BENCH_FUZZ_RUNS` (a run per seed, default 150), `BENCH_FUZZ_RECORDS` (default 150),
 * `BENCH_FUZZ_PAGE` (listing page size, default 5), `BENCH_FUZZ_BATCH` (hand-over batch, default 7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Leg, LegSource, SourceRecord, TargetDoc } from '../../src/engine/leg.js';
import { runFlow } from '../../src/engine/run-flow.js';
import { DEFAULT_ENGINE_SETTINGS } from '../../src/engine/settings.js';
import { seededRandom } from '../../src/sandbox/harness/random.js';
import { openStore } from '../../src/store/database.js';
import { finish, note, report } from './report.js';

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 150);
const RECORDS = Number(process.env.BENCH_FUZZ_RECORDS ?? 150);
const PAGE = Number(process.env.BENCH_FUZZ_PAGE ?? 5);
const BATCH = Number(process.env.BENCH_FUZZ_BATCH ?? 7);
const CUSTOMERS = 5;

interface Item extends SourceRecord {
  reference: string;
}
interface Made {
  id: string;
  reference: string;
}

/** One run on fresh systems and a fresh store; what went wrong, if anything. */
async function fuzzRun(seed: number): Promise<string | undefined> {
  const random = seededRandom(seed);
  const wait = async (): Promise<void> => {
    const draw = random();
    if (draw < 0.3) return;
    if (draw < 0.6) return new Promise((resolve) => setImmediate(resolve));
    if (draw < 0.9) {
      for (let ticks = Math.floor(random() * 5); ticks > 0; ticks -= 1) await Promise.resolve();
      return;
    }
    return new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
  };
  const folder = mkdtempSync(join(tmpdir(), 'iex-sync-fuzz-'));
  const store = openStore(join(folder, 'iex-sync.db'));
  try {
    const base = Date.now() - 3_600_000;
    const shop: Item[] = Array.from({ length: RECORDS }, (_, index) => {
      const at = new Date(base + index * 1000);
      return { id: String(index + 1), createdAt: at, modifiedAt: at, reference: `shop-${index + 1}` };
    });
    const made: Item[] = []; // leg 1's documents: leg 2's records
    const documents: Made[] = [];
    const customers: Made[] = [];

    const shopSource: LegSource<Item> = {
      system: 'woocommerce',
      instance: 'shop',
      async *changedSince(since) {
        const changed = shop.filter((item) => item.modifiedAt >= since);
        for (let start = 0; start < changed.length; start += PAGE) {
          await wait();
          yield changed.slice(start, start + PAGE);
        }
      },
      fetchOne: async (id) => {
        await wait();
        return shop.find((item) => item.id === id);
      },
    };
    const madeSource: LegSource<Item> = {
      system: 'rackbeat',
      instance: 'made',
      upstreamStep: 'made',
      lookUpBatch: BATCH,
      // From the newest second seen after each page, leaving out what was yielded at that second.
      async *changedSince(since) {
        let cursor = Math.floor(since.getTime() / 1000) * 1000;
        let seenAtCursor = new Set<string>();
        for (;;) {
          await wait();
          const page = made
            .filter((item) => item.modifiedAt.getTime() >= cursor && !(item.modifiedAt.getTime() === cursor && seenAtCursor.has(item.id)))
            .sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime())
            .slice(0, PAGE);
          if (page.length > 0) yield page.map((item) => ({ ...item }));
          if (page.length < PAGE) return;
          const newest = Math.max(...page.map((item) => item.modifiedAt.getTime()));
          if (newest > cursor) {
            cursor = newest;
            seenAtCursor = new Set();
          }
          for (const item of page) if (item.modifiedAt.getTime() === cursor) seenAtCursor.add(item.id);
        }
      },
      fetchOne: async (id) => {
        await wait();
        const item = made.find((each) => each.id === id);
        return item && { ...item };
      },
      complete: async (record) => {
        await wait();
        return record;
      },
    };
    const find = async (list: readonly Made[], reference: string): Promise<TargetDoc | undefined> => {
      await wait();
      const found = list.find((each) => each.reference === reference);
      return found && { id: found.id, number: found.id };
    };
    const make = async (list: Made[], reference: string): Promise<TargetDoc> => {
      await wait();
      const id = String(list.length + 1);
      list.push({ id, reference });
      await wait();
      return { id, number: id };
    };

    const leg1: Leg<Item> = {
      flow: 'orders',
      name: 'shop-made',
      about: 'order',
      source: shopSource,
      steps: [
        {
          kind: 'create',
          name: 'made',
          about: 'order',
          noun: 'made document',
          targetSystem: 'rackbeat',
          reference: (record) => record.reference,
          payload: (record) => ({ reference: record.reference }),
          lookup: async (reference) => {
            await wait();
            const found = made.find((item) => item.reference === reference);
            return found && { id: found.id };
          },
          create: async (_payload, { reference }) => {
            await wait();
            const at = new Date(Math.floor(Date.now() / 1000) * 1000);
            const item: Item = { id: String(1000 + made.length), createdAt: at, modifiedAt: at, reference };
            made.push(item);
            await wait();
            return { id: item.id };
          },
        },
      ],
    };
    const customerOf = (record: Item): string => `customer-${Number(record.id) % CUSTOMERS}`;
    const leg2: Leg<Item> = {
      flow: 'orders',
      name: 'made-documents',
      about: 'order',
      source: madeSource,
      steps: [
        {
          kind: 'create',
          name: 'customer',
          about: 'customer',
          noun: 'customer',
          targetSystem: 'economic',
          key: customerOf,
          reference: customerOf,
          payload: (record) => ({ customer: customerOf(record) }),
          lookup: (reference) => find(customers, reference),
          create: (_payload, { reference }) => make(customers, reference),
        },
        {
          kind: 'create',
          name: 'document',
          about: 'document',
          noun: 'document',
          targetSystem: 'economic',
          reference: (record) => `document-${record.id}`,
          payload: (record, done) => ({ id: record.id, customer: done['customer']?.id }),
          lookup: (reference) => find(documents, reference),
          lookupMany: async (records) => {
            await wait();
            const wanted = new Set(records.map((record) => `document-${record.id}`));
            const found = new Map(documents.filter((each) => wanted.has(each.reference)).map((each) => [each.reference, { id: each.id }] as const));
            await wait();
            return found;
          },
          create: (_payload, { reference }) => make(documents, reference),
        },
      ],
    };
    const result = await runFlow({
      store,
      flow: 'orders',
      command: 'fuzz',
      legs: [leg1, leg2] as unknown as ReadonlyArray<Leg<SourceRecord>>,
      settings: { ...DEFAULT_ENGINE_SETTINGS, startFrom: new Date(base - 60_000) },
      redact: (payload) => payload,
    });
    const [first, second] = result.legs;
    const once = (list: readonly Made[], reference: string): boolean => list.filter((each) => each.reference === reference).length === 1;
    const notOnce = [
      ...made.filter((item) => !once(documents, `document-${item.id}`)).map((item) => `document of ${item.id}`),
      ...[...new Set(customers.map((each) => each.reference))].filter((reference) => !once(customers, reference)),
    ];
    const notOk = (second?.records ?? []).filter((record) => record.outcome !== 'ok').map((record) => `${record.sourceId} ${record.outcome}`);
    if (result.exitCode === 0 && notOnce.length === 0 && notOk.length === 0 && first?.counts.ok === RECORDS && second?.counts.ok === RECORDS && second.records.length === RECORDS) {
      return undefined;
    }
    const counts = result.legs.map((leg) => `${leg.leg} ${JSON.stringify(leg.counts)}${leg.stopped ? ` stopped: ${leg.stopped.message}` : ''}`).join('; ');
    return `exit ${result.exitCode} (${counts}); not made once: ${JSON.stringify(notOnce.slice(0, 5))}; not ok: ${JSON.stringify(notOk.slice(0, 5))}`;
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

let missed = 0;
const started = performance.now();
for (let seed = 1; seed <= RUNS; seed += 1) {
  const problem = await fuzzRun(seed);
  if (problem === undefined) continue;
  missed += 1;
  note(`seed ${seed}: ${problem}`);
}
note(`${RUNS} runs of ${RECORDS} records (pages of ${PAGE}, batches of ${BATCH}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
report('fuzzed runs where leg 2 did not make and count each handed-over record exactly once', missed, 'runs', '0', missed === 0);
finish();
