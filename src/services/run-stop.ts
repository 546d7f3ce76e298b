import { StopRequest } from '../engine/stop-request.js';

/** A run stopped by a signal exits as shells report a death by it: 128 + the signal's number. */
const SIGNAL_EXIT_CODES = { SIGTERM: 143, SIGINT: 130 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** How long a run may go on before it stops on its own (`--max-runtime`). */
export interface MaxRuntime {
  ms: number;
  /** As the user wrote it, e.g. `30m`. */
  text: string;
}

export const DEFAULT_MAX_RUNTIME: MaxRuntime = { ms: 30 * 60_000, text: '30m' };

export interface RunStop {
  /** Aborted once the run should stop; its reason is a StopRequest. */
  readonly signal: AbortSignal;
  /** The exit code a signal asked for, once one came. */
  signalExitCode(): number | undefined;
  /** Removes the handlers and the timer: call it when the run is over. */
  dispose(): void;
}

/**
 * When a run stops before it is done: on SIGTERM or SIGINT, or once it has run for `maxRuntime`.
 * Then the records in flight finish and are recorded, no new one starts, and the run writes its
 * end, releases the lock and prints its summary. A signal's run exits 128 + its number; a run
 * stopped by the time limit exits as its records say (0, or 1 when some failed): what is left is
 * not lost, the next run goes on from the checkpoint. A signal while it stops ends the process at
 * once; that is safe too, as after a kill -9 (protocol steps 6 and 7), and the next run
 * takes the lock of the dead process over.
 */
export function watchForStop(maxRuntime: MaxRuntime, onStopping: (notice: string) => void): RunStop {
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
  const timer = setTimeout(() => {
    onStopping(`--max-runtime ${maxRuntime.text} reached: finishing the records in flight, then stopping`);
    controller.abort(new StopRequest(`stopped at --max-runtime ${maxRuntime.text}: the records in flight were finished; the next run goes on from here`));
  }, maxRuntime.ms);
  timer.unref();
  return {
    signal: controller.signal,
    signalExitCode: () => exitCode,
    dispose() {
      clearTimeout(timer);
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
