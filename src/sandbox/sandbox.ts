import { ExitCode, SyncError } from '../domain/errors.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { SystemName, WebshopPlatform } from '../connectors/systems.js';
import type { RunningSimulator } from './harness/types.js';
import type { RackbeatSimulatorOptions } from './rackbeat/simulator.js';
import { simulatorsFor, type SimulatorStartOptions, type StartedSimulator } from './registry.js';
import { startSmtpSink, type SmtpSink } from './smtp/sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook/receiver.js';

/**
 * Starts every registered simulator on loopback and builds a config that points at them, with a
 * store of its own so sandbox data never mixes with a real store (README, "Guarantees": a store belongs to one set of systems).
 * Used by `iex-sync sandbox` (which writes the config file) and `iex-sync demo` (in-process).
 */
export interface SandboxOptions {
  seed?: number;
  latencyMs?: number;
  /** Simulators take consecutive ports from here; 0 or undefined picks free ports. */
  firstPort?: number;
  webshop?: WebshopPlatform;
  /** Rackbeat's per-minute limit (default the real 480); only tests raise it, so they do not wait on it. */
  rackbeatPerMinute?: number;
}

export interface RunningSandbox {
  simulators: RunningSimulator[];
  /** Where the sandbox's notices go (config `notify.webhook`): it keeps every one. */
  webhook: WebhookReceiver;
  /** The local mail server invoice mails go to: it keeps them instead of delivering them. */
  mail: SmtpSink;
  /** The config file's content: `store`, `webshop`, `rackbeat`, `economic`, `orders`, `products`, `notify`, `smtp`. */
  config: Record<string, unknown>;
  stop(): Promise<void>;
}

export const SANDBOX_STORE = './iex-sync.sandbox.db';
/** First line of every config the sandbox writes; it overwrites only files that start with it. */
export const SANDBOX_CONFIG_HEADER = '# Written by `iex-sync sandbox`: points at local simulators, not at real systems.';

const WEBSHOPS: readonly SystemName[] = ['woocommerce', 'shopify'];

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const webshop = options.webshop ?? 'woocommerce';
  const started: StartedSimulator[] = [];
  let webhook: WebhookReceiver | undefined;
  let mail: SmtpSink | undefined;
  const stop = async (): Promise<void> => {
    await Promise.all([...started.splice(0).map(({ simulator }) => simulator.close()), webhook?.close(), mail?.close()]);
  };
  try {
    for (const [index, entry] of simulatorsFor(webshop).entries()) {
      const port = options.firstPort ? options.firstPort + index : undefined;
      // The Rackbeat entry hands its options to startRackbeatSimulator as they are.
      const limit: Pick<RackbeatSimulatorOptions, 'rateLimit'> =
        entry.system === 'rackbeat' && options.rackbeatPerMinute ? { rateLimit: { perMinute: options.rackbeatPerMinute } } : {};
      const start: SimulatorStartOptions = { seed: options.seed ?? 1, latencyMs: options.latencyMs ?? 0, webshop, ...(port ? { port } : {}), ...limit };
      started.push(await entry.start(start));
    }
    // The mail server takes the port after the simulators'.
    mail = await startSmtpSink(options.firstPort ? { port: options.firstPort + started.length } : {});
    webhook = await startWebhookReceiver();
  } catch (error) {
    await stop();
    throw SandboxPortError.from(error) ?? error;
  }

  const config: Record<string, unknown> = { store: SANDBOX_STORE };
  for (const { simulator, config: section } of started) {
    // The webshop section names its platform; the back-office sections are keyed by system.
    if (WEBSHOPS.includes(simulator.system)) config.webshop = { platform: simulator.system, ...section };
    else config[simulator.system] = section;
  }
  config.orders = sandboxOrdersSection(new Date());
  config.products = { rackbeat: { groupNumber: 1 }, economic: { productGroupNumber: 1 } };
  // The daily report at midnight is due on every first run of a day: each sandbox run shows a notice.
  config.notify = { webhook: { url: webhook.url, format: 'json' }, daily: '00:00' };
  config.stock = {}; // Every stock key has a default.
  config.smtp = { host: mail.host, port: mail.port, user: mail.user, password: mail.password };
  return { simulators: started.map(({ simulator }) => simulator), webhook, mail, config, stop };
}

/**
 * Writes the sandbox config as YAML. Refuses to overwrite a file the sandbox did not write, so a
 * mistyped --out cannot replace a real config.
 */
export function writeSandboxConfig(path: string, config: Record<string, unknown>): void {
  if (existsSync(path) && !readFileSync(path, 'utf8').startsWith(SANDBOX_CONFIG_HEADER)) {
    throw new SandboxConfigExistsError(path);
  }
  writeFileSync(path, `${SANDBOX_CONFIG_HEADER}\n${stringify(config)}`);
}

export class SandboxConfigExistsError extends Error {
  override readonly name = 'SandboxConfigExistsError';
  readonly hint = 'Choose another --out path, or delete that file if it is an old sandbox config.';

  constructor(readonly path: string) {
    super(`${path} exists and was not written by the sandbox; not overwriting it`);
  }
}

/** A simulator could not listen on its port (--port): a usage error (exit 2) naming the port and what to do. */
export class SandboxPortError extends SyncError {
  constructor(message: string, options: { cause: unknown }) {
    super(message, {
      exitCode: ExitCode.usage,
      hint: 'Choose another --port (the simulators take consecutive ports from it), or leave --port out to use free ports.',
      cause: options.cause,
    });
  }

  /** The error for a listen that failed on a taken or forbidden port; undefined for any other error. */
  static from(error: unknown): SandboxPortError | undefined {
    const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    if (code === 'EADDRINUSE') return new SandboxPortError(`port ${port} on ${address} is already in use (by another program, or a sandbox still running)`, { cause: error });
    if (code === 'EACCES') return new SandboxPortError(`port ${port} on ${address} needs more rights than this user has (ports below 1024 usually do)`, { cause: error });
    return undefined;
  }
}

/**
 * The order flow's settings for the simulators' seed data: e-conomic layout 19 and payment terms 1,
 * Rackbeat payment terms 1 (both seeded), and a cut-over two days back, before the seeded orders.
 * Shipped orders are invoiced, booked, paid into the seeded payments journal 2 (bank 5820, Stripe
 * 5821, MobilePay 5822) and mailed to the sandbox's mail server, and their webshop orders are
 * marked fulfilled; ship one by hand with `POST <rackbeat url>/sandbox/orders/<number>/ship`
 * (body `{"tracking_number": "…"}` for tracking, `"lines"` for a part).
 */
function sandboxOrdersSection(now: Date): Record<string, unknown> {
  const twoDaysAgo = new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  return {
    startFrom: twoDaysAgo,
    layoutNumber: 19,
    paymentTermsNumber: 1,
    rackbeat: { paymentTermsNumber: 1 },
    invoice: SANDBOX_INVOICE,
    fulfilment: { enabled: true },
  };
}

export const SANDBOX_INVOICE = {
  when: 'shipped',
  book: true,
  payment: { journalNumber: 2, contraAccount: 5820, byMethod: { stripe: 5821, mobilepay: 5822 } },
  mail: { from: 'Sandbox Shop <invoices@sandbox.example>' },
};
