import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/ui/output.js';
import { readingBars, reconcileSummary } from '../../src/ui/reconcile-report.js';

/** Issue 22: reading shows a bar per system on a terminal and nothing in a pipe; the summary line says what was compared and what it cost. */
function ioWith(isTTY: boolean): { io: CliIo; text: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { io: { stdout: new PassThrough(), stderr, env: {}, cwd: '/' }, text: () => text };
}

describe('reconcile report', () => {
  it('shows a reading bar per system, by its name, on a terminal only', async () => {
    const terminal = ioWith(true);
    const bars = await readingBars(terminal.io, true);
    bars.onProgress?.({ system: 'rackbeat', read: 250 });
    bars.onProgress?.({ system: 'woocommerce', read: 100 });
    // cli-progress draws on its own timer (10 a second).
    await new Promise((resolve) => setTimeout(resolve, 150));
    bars.stop();
    expect(terminal.text()).toContain('reading Rackbeat');
    expect(terminal.text()).toContain('reading WooCommerce');

    const pipe = ioWith(false);
    const none = await readingBars(pipe.io, true);
    expect(none.onProgress).toBeUndefined();
    none.stop();
    expect(pipe.text()).toBe('');
  });

  it('sums up: the flows, the period, what was found by kind, the calls and the time', () => {
    const period = { since: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') };
    const finding = { flow: 'orders', record: '#1', systems: {}, problem: 'p', hint: 'h' };
    expect(reconcileSummary({ flows: ['orders'], period, findings: [], calls: 77, durationMs: 12_960 })).toBe(
      'reconcile orders (2026-11-01T00:00:00.000Z to 2026-12-01T00:00:00.000Z): everything agrees; 77 calls in 13.0 s',
    );
    const findings = [{ ...finding, kind: 'stale' as const }, { ...finding, kind: 'missing' as const }, { ...finding, kind: 'stale' as const }];
    expect(reconcileSummary({ flows: ['orders'], period, findings, calls: 9, durationMs: 100 })).toContain(': 1 missing, 2 stale; 9 calls in 0.1 s');
  });
});
