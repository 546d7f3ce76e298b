import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, type CliResult } from '../cli/run-cli.js';
import { useFlowWorld } from '../flows/world/world.js';
import { placeOrderEconomicLacks, useWebhookReceiver, writeWorldConfig } from './ops-world.js';

const SECRETS = {
  RB_KEY: 'eyJhbGciOiJSUzI1NiJ9.wrong-rackbeat-token.SIG4242',
  // A Slack webhook URL's path is its credential.
  HOOK_PATH: 'T0SECRET01/B0SECRET02/xoxSecretWebhookPath4242',
  SMTP_PASSWORD: 'smtp-password-5151-ZZZZ',
};

/** Issue 21: what run, its notices and doctor print, send and store never carries a secret. */
describe('secrets in notices and doctor', () => {
  const startWorld = useFlowWorld();
  const startReceiver = useWebhookReceiver();

  it('are in no output, no notice sent or kept, and not in the store', async () => {
    const world = await startWorld();
    const receiver = await startReceiver();
    const base = receiver.url.replace(/\/hooks\/.*$/, '/hooks/');
    const notify = {
      webhook: { url: `${base}\${HOOK_PATH}`, format: 'slack' },
      // Nothing listens on port 9: every e-mail fails, and says why.
      email: { to: 'ops@example.com', from: 'iex-sync@example.com' },
    };
    const smtp = { host: '127.0.0.1', port: 9, user: 'iex-sync', password: '${SMTP_PASSWORD}' };
    const refused = writeWorldConfig(world, { notify, smtp, rackbeat: { ...world.rackbeat.config, apiKey: '${RB_KEY}' } });
    const env = { ...SECRETS };
    const cli = (args: string[]) => runMain(['-c', refused, ...args], { cwd: world.dir, env });
    placeOrderEconomicLacks(world);

    receiver.setDown(true);
    const runs: CliResult[] = [
      await cli(['-v', 'run']),
      await cli(['--json', 'run']),
      await cli(['doctor']),
      await cli(['--json', 'doctor']),
      await cli(['config', 'check']),
    ];
    receiver.setDown(false);
    const good = writeWorldConfig(world, { notify, smtp });
    runs.push(await runMain(['-c', good, '-v', 'run'], { cwd: world.dir, env }), await runMain(['-c', good, 'doctor'], { cwd: world.dir, env }));

    expect(runs.map((run) => run.code)).toEqual([3, 3, 3, 3, 0, 1, 0]);
    expect(runs[4]!.stdout).toMatch(/url: http:\/\/127\.0\.0\.1:\d+\/\*\*\*\*/);
    expect(runs[0]!.stderr).toMatch(/could not notify the webhook at 127\.0\.0\.1:\d+/);
    expect(runs[0]!.stderr).toMatch(/could not notify e-mail to ops@example\.com via 127\.0\.0\.1/);
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    const storeFiles = readdirSync(world.dir).filter((name) => name.startsWith('iex-sync.db')).map((name) => join(world.dir, name));
    const written = [
      ...runs.flatMap((run) => [run.stdout, run.stderr]),
      JSON.stringify(receiver.received.map((each) => each.body)),
      ...storeFiles.map((file) => readFileSync(file).toString('latin1')),
    ].join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect({ name, found: written.includes(secret) }).toEqual({ name, found: false });
    }
  });
});
