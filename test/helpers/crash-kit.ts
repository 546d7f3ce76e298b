import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';

/**
 * The crash kit the engine's and the order flow's crash suites share: a run as its own process
 * (plain `node` on built JavaScript, as cron starts the CLI; see built-child.ts), killed by itself
 * (SIGKILL) at an engine fault point armed through IEX_SYNC_FAULT (src/engine/fault-points.ts),
 * then rerun until done, nothing doubled after any kill. Asynchronous on purpose: the systems the child talks to
 * live in the test process and must keep answering while it runs. A suite supplies what its child
 * runs and how doubles and exactly-once are checked (a CrashSubject).
 */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedChild {
  /** To signal it. */
  child: ChildProcess;
  /** What it wrote to stderr so far. */
  stderrSoFar(): string;
  done: Promise<ChildRun>;
}

export interface CrashSubject {
  /** The `node` arguments of one run: a built script and its arguments. */
  args: readonly string[];
  /** Fails when anything exists twice in the target systems: safe at any moment, even right after a kill. */
  expectNoDoubles(context: string): void;
  /** Fails unless every source record is exactly once in the targets, none missing, and the links agree. */
  expectExactlyOnce(): void;
  /** Runs `rerunUntilDone` allows before it gives up (default 8). */
  maxReruns?: number;
}

/** Starts `node <args>`, with the fault point armed or none (and no config pointer from the developer's shell). */
export function startChild(args: readonly string[], fault?: string): StartedChild {
  const { IEX_SYNC_FAULT: _fault, IEX_SYNC_CONFIG: _config, ...env } = process.env;
  const child = spawn(process.execPath, args, { env: fault ? { ...env, IEX_SYNC_FAULT: fault } : env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stderrSoFar: () => stderr, done };
}

export function runChild(args: readonly string[], fault?: string): Promise<ChildRun> {
  return startChild(args, fault).done;
}

/** One run killed at `fault` (e.g. `after-create:order@3`), failing when the point was never reached; then nothing may exist twice. */
export async function killAt(subject: CrashSubject, fault: string): Promise<void> {
  const killed = await runChild(subject.args, fault);
  expect(killed.signal, `${fault} was never reached: exit ${killed.code}\n${killed.stderr}`).toBe('SIGKILL');
  subject.expectNoDoubles(`after a kill at ${fault}`);
}

/**
 * Reruns without faults until a run exits 0 (1 means unresolved records: outcome unknown or parked,
 * which another run settles); returns how many runs it took. Any other exit fails at once.
 */
export async function rerunUntilDone(subject: CrashSubject, maxRuns = subject.maxReruns ?? 8): Promise<number> {
  for (let run = 1; run <= maxRuns; run += 1) {
    const result = await runChild(subject.args);
    if (result.code === 0) return run;
    expect(result.code, result.stderr).toBe(1);
  }
  throw new Error(`not done after ${maxRuns} runs`);
}

export interface CrashSteps {
  /** Before each kill, e.g. new work for it (a promise it returns is awaited). */
  before?(fault: string): unknown;
  /** After each kill (and its doubles check), e.g. a deleted store or a clock moved on. */
  after?(fault: string): void;
}

/** Kills a run at each fault in turn on the same store, then reruns until done: exactly once. */
export async function crashAndRecover(subject: CrashSubject, faults: readonly string[], steps: CrashSteps = {}): Promise<void> {
  for (const fault of faults) {
    await steps.before?.(fault);
    await killAt(subject, fault);
    steps.after?.(fault);
  }
  await rerunUntilDone(subject);
  subject.expectExactlyOnce();
}

/** `point@hit` for every point at every hit, point by point. */
export function faultsAt(points: readonly string[], hits: readonly number[]): string[] {
  return points.flatMap((point) => hits.map((hit) => `${point}@${hit}`));
}
