/**
 * The order flow at volume: WooCommerce, Rackbeat and e-conomic simulators at 50 ms latency, Rackbeat's
 * limit raised to 4,800 a minute (ten times RB-LARAVEL's 480) and e-conomic's at its observed
 * 10,000 a minute, so 5,000 orders end in minutes. The built CLI (`npm run bench` builds it) runs
 * `-v --json orders` as its own process, as cron would: its peak RSS (VmHWM, Linux) is the tool's
 * alone, and `-v` lists every API call it made. Reports orders per minute, API calls per
 * transferred order on each system, the share of the bound the simulators' limits set, peak RSS
 * over 1,000 and 5,000 shop orders (a fresh store each), a rerun with nothing new, and (issue 12) the
 * cost of looking every new order up before creating it, and a rerun on a lost store that adopts all.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFlowWorld } from '../flows/world/world.js';

const LATENCY_MS = 50;
const RACKBEAT_PER_MINUTE = 4_800;
const ECONOMIC_PER_MINUTE = 10_000;
/** `BENCH_ORDER_SIZES=1000` for a quick look; the full bench measures both. */
const SIZES = (process.env.BENCH_ORDER_SIZES ?? '1000,5000').split(',').map(Number);
/** Seeded orders every 20 s: 5,000 of them span 28 hours, after the cut-over two days back. */
const SPACING_SECONDS = 20;
const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));

/** What one `orders` process did, read from its `-v` call lines and `--json` summary. */
interface OrdersRun {
  exitCode: number | null;
  wallMs: number;
  /** Undefined where /proc is not there to read. */
  peakRssMb: number | undefined;
  /** Orders that reached e-conomic (leg 2 ok). */
  transferred: number;
  calls: Record<string, number>;
  /** The legs' change lists: the shop's orders and Rackbeat's booked orders. */
  listCalls: Record<string, number>;
  /** e-conomic document look-ups by reference (`GET /orders/drafts?filter=references.other…`). */
  documentLookups: number;
  /** Writes (POST, PUT) per system. */
  writes: Record<string, number>;
  /** Documents adopted, per step noun, from the `--json` summary. */
  adopted: Record<string, number>;
  throttled: number;
}

/** `-v` prints `<system> <METHOD> <path> → <status> in <n> ms` per call (src/services/flow-command.ts). */
const CALL_LINE = /^(\w+) (GET|POST|PUT|PATCH|DELETE) (\S+) → (\S+)/;
const LIST_PATH = /^\/(wp-json\/wc\/v3\/)?orders\?/;

function runOrdersProcess(configPath: string): Promise<OrdersRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, '-c', configPath, '-v', '--json', 'orders']);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // VmHWM is the kernel's high-water mark of the process's RSS: sampling it often catches the peak.
  let peakKb: number | undefined;
  const sample = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb ?? 0, Number(match[1]));
    } catch {
      // Gone, or no /proc on this system.
    }
  }, 20);
  return new Promise((resolve) => {
    child.on('close', (exitCode) => {
      clearInterval(sample);
      const calls: Record<string, number> = {};
      const listCalls: Record<string, number> = {};
      const writes: Record<string, number> = {};
      let documentLookups = 0;
      let throttled = 0;
      for (const line of stderr.split('\n')) {
        const [, system, method, path, status] = CALL_LINE.exec(line) ?? [];
        if (!system || !path) continue;
        calls[system] = (calls[system] ?? 0) + 1;
        if (status === '429') throttled += 1;
        if (method === 'GET' && LIST_PATH.test(path)) listCalls[system] = (listCalls[system] ?? 0) + 1;
        if (method === 'GET' && system === 'economic' && path.startsWith('/orders/drafts?')) documentLookups += 1;
        if (method === 'POST' || method === 'PUT') writes[system] = (writes[system] ?? 0) + 1;
      }
      const summary = JSON.parse(stdout) as { legs: Array<{ leg: string; counts: { ok: number }; adopted: Record<string, number> }> };
      const transferred = summary.legs.find((leg) => leg.leg === 'rackbeat-economic')?.counts.ok ?? 0;
      const adopted: Record<string, number> = {};
      for (const leg of summary.legs) for (const [noun, count] of Object.entries(leg.adopted)) adopted[noun] = (adopted[noun] ?? 0) + count;
      const peakRssMb = peakKb === undefined ? undefined : peakKb / 1024;
      resolve({ exitCode, wallMs: performance.now() - started, peakRssMb, transferred, calls, listCalls, documentLookups, writes, adopted, throttled });
    });
  });
}

function report(name: string, value: number, unit: string, target: string, pass: boolean, digits = 0): void {
  process.stdout.write(`${name}: ${value.toFixed(digits)} ${unit} (target ${target}, ${pass ? 'PASS' : 'MISS'})\n`);
}

async function runBench(): Promise<void> {
  const peaks: number[] = [];
  for (const size of SIZES) {
    const folder = mkdtempSync(join(tmpdir(), 'iex-sync-bench-'));
    const world = await startFlowWorld(folder, {
      seededOrders: size,
      seededOrderSpacingSeconds: SPACING_SECONDS,
      latencyMs: LATENCY_MS,
      rackbeatPerMinute: RACKBEAT_PER_MINUTE,
      orderBeforeCutOver: true,
    });
    try {
      const run = await runOrdersProcess(world.configPath);
      const peak = run.peakRssMb ?? Number.NaN;
      peaks.push(peak);
      process.stdout.write(
        `orders: ${size} shop orders, ${run.transferred} transferred to e-conomic in ${(run.wallMs / 1000).toFixed(1)} s, ` +
          `exit ${run.exitCode}, calls ${JSON.stringify(run.calls)}\n`,
      );
      report(`orders peak RSS at ${size} orders`, peak, 'MB', '< 250 MB', peak < 250);
      const lookups = run.documentLookups / run.transferred;
      report(`orders e-conomic look-ups before create per new order at ${size}`, lookups, 'calls', '≤ 0.1 (batched a page at a time)', lookups <= 0.1, 3);
      if (size === SIZES[0]) await lostStore(world.storePath, world.configPath, run.transferred);
      if (size !== SIZES[SIZES.length - 1]) continue;

      const minutes = run.wallMs / 60_000;
      const perMinute = run.transferred / minutes;
      const perOrder = (system: string) => (run.calls[system] ?? 0) / run.transferred;
      for (const system of ['woocommerce', 'rackbeat', 'economic']) {
        // No target of its own: these set the bound below.
        report(`orders ${system} calls per transferred order`, perOrder(system), 'calls', 'reported', true, 2);
      }
      // The most orders a minute the simulators' limits allow at these calls per order (WooCommerce has none).
      const bound = Math.min(RACKBEAT_PER_MINUTE / perOrder('rackbeat'), ECONOMIC_PER_MINUTE / perOrder('economic'));
      report('orders per minute', perMinute, 'orders/min', `≥ 80 % of the limits' bound of ${bound.toFixed(0)}`, perMinute >= 0.8 * bound);
      report("orders share of the bound set by the simulators' limits", (100 * perMinute) / bound, '%', '≥ 80 %', perMinute >= 0.8 * bound, 1);
      report('orders throttled calls (429)', run.throttled, 'calls', '0', run.throttled === 0);
      const flat = (peaks[peaks.length - 1] as number) / (peaks[0] as number);
      report('orders peak RSS 5,000 vs 1,000 orders', flat, '×', '≤ 1.25 (flat)', flat <= 1.25, 2);

      const idle = await runOrdersProcess(world.configPath);
      const listCalls = [idle.listCalls['woocommerce'] ?? 0, idle.listCalls['rackbeat'] ?? 0];
      process.stdout.write(`orders rerun with nothing new: list calls woocommerce ${listCalls[0]}, rackbeat ${listCalls[1]}; calls ${JSON.stringify(idle.calls)}\n`);
      report('orders rerun with nothing new, list calls per leg (most)', Math.max(...listCalls), 'calls', '1', Math.max(...listCalls) <= 1);
      report('orders rerun with nothing new, wall time of the process', idle.wallMs, 'ms', '< 1,000 ms', idle.wallMs < 1000);
    } finally {
      await world.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

/**
 * Issue 12: the store is deleted and the run repeated. Everything is found by its reference and
 * adopted: no write to any system, one look-up list call a page.
 */
async function lostStore(storePath: string, configPath: string, transferred: number): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${storePath}${suffix}`, { force: true });
  const rerun = await runOrdersProcess(configPath);
  const writes = Object.values(rerun.writes).reduce((sum, count) => sum + count, 0);
  const adopted = rerun.adopted['e-conomic order draft'] ?? 0;
  process.stdout.write(
    `orders lost store rerun: exit ${rerun.exitCode} in ${(rerun.wallMs / 1000).toFixed(1)} s, adopted ${JSON.stringify(rerun.adopted)}, calls ${JSON.stringify(rerun.calls)}\n`,
  );
  report('orders lost store rerun, writes to any system', writes, 'writes', '0', writes === 0);
  report('orders lost store rerun, e-conomic documents adopted', adopted, 'documents', `${transferred}`, adopted === transferred);
  const perOrder = (rerun.calls['economic'] ?? 0) / Math.max(1, adopted);
  report('orders lost store rerun, e-conomic calls per adopted order', perOrder, 'calls', 'reported', true, 2);
}

await runBench();
