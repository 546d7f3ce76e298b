import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built CLI (`npm run bench` builds it) as its own process, as cron would start it: its peak
 * RSS (VmHWM, Linux) is the tool's alone. The benches run `-v --json <command>` and read every API
 * call from stderr and the summary from stdout.
 */
const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));

export interface CliProcessRun {
  exitCode: number | null;
  wallMs: number;
  /** Undefined where /proc is not there to read. */
  peakRssMb: number | undefined;
  stdout: string;
  stderr: string;
}

/** `-v` prints `<system> <METHOD> <path> → <status> in <n> ms` per call (src/services/flow-command.ts). */
const CALL_LINE = /^(\w+) (GET|POST|PUT|PATCH|DELETE) (\S+) → (\S+)/;

/** `iex-sync -c <config> -v --json <command>`, to its end. */
export function runCliProcess(configPath: string, command: string): Promise<CliProcessRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, '-c', configPath, '-v', '--json', command]);
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
      resolve({ exitCode, wallMs: performance.now() - started, peakRssMb: peakKb === undefined ? undefined : peakKb / 1024, stdout, stderr });
    });
  });
}

export interface CallLine {
  system: string;
  method: string;
  path: string;
  status: string;
}

/** Every API call a `-v` run listed, and per system how many, how many wrote (POST, PUT), how many were throttled. */
export function tallyCalls(stderr: string): { lines: CallLine[]; calls: Record<string, number>; writes: Record<string, number>; throttled: number } {
  const lines: CallLine[] = [];
  const calls: Record<string, number> = {};
  const writes: Record<string, number> = {};
  let throttled = 0;
  for (const text of stderr.split('\n')) {
    const [, system, method, path, status] = CALL_LINE.exec(text) ?? [];
    if (!system || !method || !path || !status) continue;
    lines.push({ system, method, path, status });
    calls[system] = (calls[system] ?? 0) + 1;
    if (status === '429') throttled += 1;
    if (method === 'POST' || method === 'PUT') writes[system] = (writes[system] ?? 0) + 1;
  }
  return { lines, calls, writes, throttled };
}
