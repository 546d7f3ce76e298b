import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Reconciler, ReconcilePeriod } from '../../src/flows/reconcile.js';
import { reconcile, type ReconcileOptions } from '../../src/services/reconcile.js';

/**
 * What a reconcile holds while it reads, in this process: the heap after a full GC at every page,
 * above where it began, in a second run (the first loads the modules and the HTTP layer). Bytes.
 */
export async function heapHeldWhileReconciling(reconciler: Reconciler, config: ReconcileOptions['config'], period: ReconcilePeriod): Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let held = 0;
  for (const measured of [false, true]) {
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const onProgress = () => {
      gc();
      held = Math.max(held, process.memoryUsage().heapUsed - baseline);
    };
    await reconcile({ reconcilers: [reconciler], config, period, onProgress: measured ? onProgress : undefined });
  }
  return held;
}
