import { StopRequest } from '../engine/stop-request.js';

/** A run stopped by a signal exits as shells report a death by it: 128 + the signal's number. */
const SIGNAL_EXIT_CODES = { SIGTERM: 143, SIGINT: 130 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface RunStop {
  /** Aborted once the run should stop; its reason is a StopRequest. */
  readonly signal: AbortSignal;
  /** The exit code a signal asked for, once one came. */
  signalExitCode(): number | undefined;
  /** Removes the handlers: call it when the run is over. */
  dispose(): void;
}

/**
 * SIGTERM and SIGINT during a run. The first asks the run to stop: the records in flight finish and
 * are recorded, no new one starts, and the run writes its end, releases the lock and prints its
 * summary. A second one while it stops ends the process at once; that is safe too, as after a
 * kill -9 (design, protocol steps 6 and 7), and the next run takes the lock of the dead process over.
 */
export function stopOnSignals(onStopping: (notice: string) => void): RunStop {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const handlers = new Map<StopSignal, () => void>();
  for (const name of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) {
    const code = SIGNAL_EXIT_CODES[name];
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(code);
      exitCode = code;
      onStopping(`${name}: finishing the records in flight, then stopping (${name} again stops at once)`);
      controller.abort(new StopRequest(`stopped on ${name}: the records in flight were finished; the next run goes on from here`, code));
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    signalExitCode: () => exitCode,
    dispose() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
