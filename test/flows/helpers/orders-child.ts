import { fileURLToPath } from 'node:url';
import { runChild, startChild, type ChildRun, type CrashSubject, type StartedChild } from '../../helpers/crash-kit.js';
import type { FlowWorld } from '../world/world.js';
import { expectExactlyOnce, expectNoDoubles } from './exactly-once.js';

/**
 * `iex-sync -c <config> orders` as its own process, from the built CLI (`npm test` builds it first;
 * in your own runs, `npm run build`), as cron would start it, against the world's simulators.
 */
const BIN = fileURLToPath(new URL('../../../bin/iex-sync.js', import.meta.url));

export interface ChildOptions {
  /** `-v`: every API call on stderr as `<system> <METHOD> <path> → <status or "no answer">`. */
  verbose?: boolean | undefined;
  /** More options after the command, e.g. `['--max-runtime', '2s']`. */
  args?: readonly string[] | undefined;
  /** Another command than `orders` with the same config, e.g. `history` or `status`. */
  command?: string | undefined;
}

function ordersArgs(world: FlowWorld, options: ChildOptions = {}): string[] {
  const { verbose, args = [], command = 'orders' } = options;
  return [BIN, '-c', world.configPath, ...(verbose ? ['-v'] : []), command, ...args];
}

export function runOrdersChild(world: FlowWorld, options: ChildOptions = {}): Promise<ChildRun> {
  return runChild(ordersArgs(world, options));
}

/** Starts the child and hands back its process (to signal it), what it wrote to stderr so far, and its end. */
export function startOrdersChild(world: FlowWorld, options: ChildOptions = {}): StartedChild {
  return startChild(ordersArgs(world, options));
}

/** `iex-sync orders` on the world for the crash kit: the order flow's exactly-once checks (exactly-once.ts). */
export function ordersCrashSubject(world: FlowWorld): CrashSubject {
  return {
    args: ordersArgs(world),
    expectNoDoubles: (context) => expectNoDoubles(world, context),
    expectExactlyOnce: () => expectExactlyOnce(world),
    maxReruns: 6,
  };
}

/** How many lines of a verbose run's stderr match, e.g. /^rackbeat POST \/orders\/drafts → no answer / for lost answers. */
export function countLines(run: ChildRun, pattern: RegExp): number {
  return run.stderr.split('\n').filter((line) => pattern.test(line)).length;
}
