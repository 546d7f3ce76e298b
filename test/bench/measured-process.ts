import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));

/** What one run of the built CLI did, as a process of its own. */
export interface MeasuredProcess {
  exitCode: number | null;
  wallMs: number;
  /** Undefined where /proc is not there to read. */
  peakRssMb: number | undefined;
  stdout: string;
  stderr: string;
  /** When each line of stderr arrived, in ms since the start, in order (a `-v` call line is printed as its answer arrives). */
  stderrLineMs: number[];
}

/**
 * Runs the built CLI (`npm run build` first) with these arguments, as cron or CI would, and
 * measures its wall time and its peak RSS: VmHWM, the kernel's high-water mark of the process's
 * RSS (Linux), sampled often so the peak is caught before the process is gone.
 */
export function runMeasured(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<MeasuredProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const stderrLineMs: number[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    const at = performance.now() - started;
    for (const character of text) if (character === '\n') stderrLineMs.push(at);
    stderr += text;
  });
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
      resolve({ exitCode, wallMs: performance.now() - started, peakRssMb: peakKb === undefined ? undefined : peakKb / 1024, stdout, stderr, stderrLineMs });
    });
  });
}
