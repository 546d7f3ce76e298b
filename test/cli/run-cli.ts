import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** runBuilt only: kill the process (SIGKILL: a process blocked in a loop never handles SIGTERM) after this long; its code is then -1. */
  timeoutMs?: number;
  /** runBuilt only: run as this user (the tests run as root in some places, where no file is read-only). */
  user?: { uid: number; gid: number } | undefined;
}

const BIN = fileURLToPath(new URL('../../bin/iex-sync.js', import.meta.url));

/** The environment a CLI run sees: no config pointer or colour setting leaks in from the developer's shell. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { IEX_SYNC_CONFIG: _config, NO_COLOR: _noColor, FORCE_COLOR: _force, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** Runs main() in this process with captured stdout/stderr (not a TTY). */
export async function runMain(args: readonly string[], options: CliRunOptions): Promise<CliResult> {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  const code = await main(['node', 'iex-sync', ...args], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: cleanEnv(options.env),
    cwd: options.cwd,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the built CLI (`npm run build` first) as its own process, as cron would. */
export function runBuilt(args: readonly string[], options: CliRunOptions): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    ...options.user,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
