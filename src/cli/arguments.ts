import { InvalidArgumentError } from 'commander';
import { durationMs } from '../domain/duration.js';
import type { MaxRuntime } from '../services/run-stop.js';

/** Turns a parser that throws into a commander option parser: its message becomes a usage error (exit 2). */
export function argument<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** `--max-runtime 30m`: how long a run may go on before it stops cleanly (every command that runs flows). */
export function parseMaxRuntime(text: string): MaxRuntime {
  const ms = durationMs(text);
  if (!ms) throw new Error(`"${text}" is not a length of time: use e.g. 45s, 30m or 2h`);
  return { ms, text: text.trim() };
}

export const MAX_RUNTIME_HELP =
  'stop cleanly after this long (45s, 30m, 2h; default 30m): records in flight finish, the next run goes on; exits 0 unless records failed';
