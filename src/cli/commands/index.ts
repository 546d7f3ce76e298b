import type { Command } from 'commander';
import type { CliRuntime } from '../command-context.js';
import { registerConfig } from './config.js';
import { registerDemo } from './demo.js';
import { registerDismiss } from './dismiss.js';
import { registerDoctor } from './doctor.js';
import { registerHistory } from './history.js';
import { registerInit } from './init.js';
import { registerOrders } from './orders.js';
import { registerProducts } from './products.js';
import { registerPrune } from './prune.js';
import { registerReconcile } from './reconcile.js';
import { registerRetry } from './retry.js';
import { registerRun } from './run.js';
import { registerSandbox } from './sandbox.js';
import { registerStatus } from './status.js';
import { registerStock } from './stock.js';
import { registerStore } from './store.js';

/**
 * Every command of the CLI, one line each. A command file stays light: it declares options and
 * imports its work inside the action, so `--version` and cron runs load only what they use.
 */
const COMMANDS: ReadonlyArray<(program: Command, runtime: CliRuntime) => void> = [
  registerHistory,
  registerStatus,
  registerDismiss,
  registerStore,
  registerConfig,
  registerInit,
  registerSandbox,
  registerOrders,
  registerProducts,
  registerStock,
  registerRun,
  registerReconcile,
  registerDoctor,
  registerRetry,
  registerPrune,
  registerDemo,
];

export function registerCommands(program: Command, runtime: CliRuntime): void {
  for (const register of COMMANDS) register(program, runtime);
}
