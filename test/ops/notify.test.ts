import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/connectors/notify/notice.js';
import { webhookChannel } from '../../src/connectors/notify/webhook.js';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp/sink.js';
import { notifyAfterRun } from '../../src/services/notify.js';
import { openStore } from '../../src/store/database.js';
import { countTransfers } from '../../src/store/transfers.js';
import { runMain } from '../cli/run-cli.js';
import { useFlowWorld } from '../flows/world/world.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { createInEconomic, movableClock, placeOrderEconomicLacks, runOnce, useWebhookReceiver, writeWorldConfig } from './ops-world.js';

const MINUTE = 60_000;
const bodies = (received: ReadonlyArray<{ body: unknown }>): Notice[] => received.map((each) => each.body as Notice);

/** Issue 21, notifications: deduplicated across runs, never failing a run, the daily report once a day. */
describe('notifications', () => {
  const startWorld = useFlowWorld();
  const startReceiver = useWebhookReceiver();
  const tmp = useTmpDir('iex-sync-notify-');

  it('announce a failing record once, not again while it still fails, and once when it recovers', async () => {
    const world = await startWorld();
    const receiver = await startReceiver();
    const file = writeWorldConfig(world, { notify: { webhook: { url: receiver.url, format: 'json' } } });
    const clock = movableClock();
    const order = placeOrderEconomicLacks(world);

    const first = await runOnce(file, { clock: clock.now });
    expect(first.exitCode).toBe(1);
    expect(bodies(receiver.received)).toEqual([
      expect.objectContaining({ kind: 'problems', items: [expect.objectContaining({ change: 'new', flow: 'orders', status: 'failed', record: expect.stringContaining(`#${order}`) })] }),
    ]);
    expect(bodies(receiver.received)[0]!.lines[0]).toContain('ONLY-IN-RACKBEAT');

    // Its backoff has passed: the record is tried again, fails the same way, and nobody is told twice.
    clock.advance(30 * MINUTE);
    const still = await runOnce(file, { clock: clock.now });
    expect(still.exitCode).toBe(1);
    expect(still.notify?.composed).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const store = openStore(world.storePath);
    try {
      expect(countTransfers(store, { leg: 'rackbeat-economic', status: 'failed' })).toBe(2);
    } finally {
      store.close();
    }

    await createInEconomic(world);
    clock.advance(2 * 60 * MINUTE);
    const fixed = await runOnce(file, { clock: clock.now });
    expect(fixed.exitCode).toBe(0);
    expect(bodies(receiver.received).slice(1)).toEqual([
      expect.objectContaining({ title: expect.stringContaining('1 recovered'), items: [expect.objectContaining({ change: 'recovered', record: expect.stringContaining(`#${order}`) })] }),
    ]);

    await runOnce(file, { clock: clock.now });
    expect(receiver.received).toHaveLength(2);
  });

  it('a webhook that is down fails no run: the notice is kept and delivered by the next run, once', async () => {
    const world = await startWorld();
    const receiver = await startReceiver();
    receiver.setDown(true);
    // The daily report at midnight is always due: something to send on a run where all else is fine.
    const file = writeWorldConfig(world, { notify: { webhook: { url: receiver.url, format: 'slack' }, daily: '00:00' } });

    const down = await runMain(['-c', file, 'run', '-q'], { cwd: world.dir });
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/could not notify the webhook at 127\.0\.0\.1:\d+: the webhook at 127\.0\.0\.1:\d+ answered 503/);
    expect(receiver.received).toHaveLength(0);

    receiver.setDown(false);
    const up = await runMain(['-c', file, 'run', '-q'], { cwd: world.dir });
    expect(up.code).toBe(0);
    expect(up.stderr).toBe('');
    expect(receiver.received).toHaveLength(1);
    const slack = receiver.received[0]!.body as { text: string; blocks: Array<{ type: string }> };
    expect(slack.text).toMatch(/daily report \d{4}-\d{2}-\d{2}/);
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section']);

    await runMain(['-c', file, 'run', '-q'], { cwd: world.dir });
    expect(receiver.received).toHaveLength(1);
  });

  it('send the daily report once per business day, by the first run after notify.daily', async () => {
    const receiver = await startReceiver();
    const clock = movableClock(Date.parse('2026-12-07T05:30:00Z')); // 06:30 in Copenhagen (UTC+1 in December)
    const store = openStore(join(tmp(), 'iex-sync.db'), { clock: clock.now });
    const notify = () =>
      notifyAfterRun({
        store,
        settings: { daily: '07:00', downAfterMinutes: 30, webhook: { url: receiver.url, format: 'json' } },
        timezone: 'Europe/Copenhagen',
        channels: [webhookChannel({ url: receiver.url, format: 'json' })],
        flows: [],
      });
    try {
      await notify();
      expect(receiver.received).toHaveLength(0);
      clock.set(new Date('2026-12-07T06:05:00Z'));
      await notify();
      clock.set(new Date('2026-12-07T22:59:00Z'));
      await notify();
      expect(bodies(receiver.received).map((notice) => notice.report?.day)).toEqual(['2026-12-07']);
      expect(bodies(receiver.received)[0]!.lines).toEqual(['no transfers in the last 24 h', 'failures open: 0', 'nothing unresolved', 'checkpoints: all current']);
      // 00:30 on the 8th in Copenhagen is a new business day, but before 07:00.
      clock.set(new Date('2026-12-07T23:30:00Z'));
      await notify();
      clock.set(new Date('2026-12-08T06:01:00Z'));
      await notify();
      await notify();
      expect(bodies(receiver.received).map((notice) => notice.report?.day)).toEqual(['2026-12-07', '2026-12-08']);
    } finally {
      store.close();
    }
  });

  it('the daily report counts the last 24 h, the failures open, the oldest unresolved and sources not read lately', async () => {
    const world = await startWorld();
    const receiver = await startReceiver();
    const clock = movableClock();
    const file = writeWorldConfig(world, { notify: { webhook: { url: receiver.url, format: 'json' } } });
    const order = placeOrderEconomicLacks(world);
    expect((await runOnce(file, { clock: clock.now })).exitCode).toBe(1);
    // Three hours without a run: every source's listing lags.
    clock.advance(3 * 60 * MINUTE);
    const store = openStore(world.storePath, { clock: clock.now });
    try {
      await notifyAfterRun({
        store,
        settings: { daily: '00:00', downAfterMinutes: 30 },
        timezone: 'Europe/Copenhagen',
        channels: [webhookChannel({ url: receiver.url, format: 'json' })],
        flows: [],
      });
    } finally {
      store.close();
    }
    const daily = bodies(receiver.received).at(-1)!;
    expect(daily.kind).toBe('daily');
    expect(daily.report).toMatchObject({ openProblems: 1, oldest: { flow: 'orders', record: expect.stringMatching(new RegExp(`^#${order} \\(Rackbeat \\d+\\)$`)) } });
    expect(daily.report?.lagging.map((lag) => lag.leg).sort()).toEqual(['rackbeat-economic', 'webshop-cancellations', 'webshop-rackbeat']);
    expect(daily.lines[0]).toMatch(/^orders, records in the last 24 h: \d+ failed, \d+ ok/);
    expect(daily.lines).toContain('failures open: 1');
    expect(daily.lines.join('\n')).toContain('ONLY-IN-RACKBEAT');
  });

  it('announce refused credentials at once and a system down only after notify.downAfterMinutes, then its recovery', async () => {
    const world = await startWorld();
    const receiver = await startReceiver();
    const notify = { webhook: { url: receiver.url, format: 'json' }, downAfterMinutes: 30 };
    const clock = movableClock();
    const refused = writeWorldConfig(world, { notify, rackbeat: { ...world.rackbeat.config, apiKey: 'wrong-key' } });
    expect((await runOnce(refused, { clock: clock.now })).exitCode).toBe(3);
    expect(bodies(receiver.received)).toEqual([expect.objectContaining({ items: [expect.objectContaining({ change: 'new', flow: 'orders', status: 'credentials' })] })]);

    const good = writeWorldConfig(world, { notify });
    clock.advance(MINUTE);
    expect((await runOnce(good, { clock: clock.now })).exitCode).toBe(0);
    expect(bodies(receiver.received)[1]).toEqual(expect.objectContaining({ items: [expect.objectContaining({ change: 'recovered', flow: 'orders' })] }));

    // Nothing listens at the Rackbeat URL now: the system is down.
    const down = writeWorldConfig(world, { notify, rackbeat: { ...world.rackbeat.config, url: 'http://127.0.0.1:9/api' } });
    for (const minutes of [0, 20]) {
      clock.set(new Date(clock.now().getTime() + minutes * MINUTE));
      expect((await runOnce(down, { clock: clock.now })).exitCode).toBe(3);
    }
    expect(receiver.received).toHaveLength(2);
    clock.advance(11 * MINUTE);
    await runOnce(down, { clock: clock.now });
    expect(bodies(receiver.received).slice(2)).toEqual([expect.objectContaining({ items: [expect.objectContaining({ change: 'new', status: 'down' })] })]);
  });
});

describe('e-mail notices', () => {
  const startWorld = useFlowWorld();
  const sinks: SmtpSink[] = [];
  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((sink) => sink.close()));
  });

  it('go out through the smtp section as one plain-text mail per notice', async () => {
    const world = await startWorld();
    const sink = await startSmtpSink();
    sinks.push(sink);
    const file = writeWorldConfig(world, {
      notify: { email: { to: ['ops@example.com', 'owner@example.com'], from: 'iex-sync@example.com' } },
      smtp: { host: '127.0.0.1', port: sink.port, secure: false },
    });
    const order = placeOrderEconomicLacks(world);
    const result = await runMain(['-c', file, 'run'], { cwd: world.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notified e-mail to ops@example.com, owner@example.com via 127.0.0.1 (1 notice)');
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.to).toEqual(['ops@example.com', 'owner@example.com']);
    expect(sink.received[0]!.raw).toMatch(/^Subject: iex-sync \(127\.0\.0\.1:\d+\): 1 new problem$/m);
    expect(sink.received[0]!.raw).toContain(`#${order}`);
  });
});
