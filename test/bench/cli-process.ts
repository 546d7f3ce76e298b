import { runMeasured, type MeasuredProcess } from './measured-process.js';

/** `-v` prints `<system> <METHOD> <path> → <status> in <n> ms` per call (src/services/flow-command.ts). */
const CALL_LINE = /^(\w+) (GET|POST|PUT|PATCH|DELETE) (\S+) → (\S+)/;

/** `iex-sync -c <config> -v --json <command>`, to its end: the benches read every API call from stderr and the summary from stdout. */
export function runCliProcess(configPath: string, command: string): Promise<MeasuredProcess> {
  return runMeasured(['-c', configPath, '-v', '--json', command]);
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
