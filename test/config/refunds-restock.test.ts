import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { ExitCode } from '../../src/domain/errors.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmpDir = useTmpDir();

/** An orders section with every required key, invoices made (`document`), and these `refunds` lines. */
async function loadRefunds(refunds: string, document = 'invoice') {
  const dir = tmpDir();
  writeFileSync(join(dir, 'sync.config.yaml'), `orders:\n  startFrom: 2026-11-25\n  document: ${document}\n  layoutNumber: 19\n  paymentTermsNumber: 1\n  rackbeat: { paymentTermsNumber: 1 }\n  refunds:${refunds}\n`);
  return loadConfig({ path: join(dir, 'sync.config.yaml'), cwd: dir, env: {}, sections: ['orders'] });
}

const problemsOf = async (refunds: string, document?: string): Promise<string> => {
  const error = await loadRefunds(refunds, document).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(ExitCode.usage);
  return (error as ConfigError).problems.join('\n');
};

describe('orders.refunds.restock', () => {
  it('is off by default, and on with a location', async () => {
    expect((await loadRefunds(' {}')).config.orders.refunds).toMatchObject({ mode: 'credit-note', restock: false });
    expect((await loadRefunds('\n    restock: true\n    restockLocation: 2')).config.orders.refunds).toMatchObject({ restock: true, restockLocation: 2 });
  });

  it('wants orders.refunds.restockLocation when it is on, naming the key', async () => {
    expect(await problemsOf('\n    restock: true')).toMatch(/orders\.refunds\.restockLocation.*required when orders\.refunds\.restock is true/);
  });

  it('is a config error with mode ignore, naming both keys', async () => {
    const text = await problemsOf('\n    mode: ignore\n    restock: true\n    restockLocation: 1');
    expect(text).toContain('orders.refunds.restock');
    expect(text).toContain('orders.refunds.mode');
  });

  it('is a config error when no invoices are made (refunds are then never read), naming what to set', async () => {
    const text = await problemsOf('\n    restock: true\n    restockLocation: 1', 'order');
    expect(text).toMatch(/orders\.refunds\.restock.*no invoices are made/);
    expect(text).toContain('orders.invoice.when');
  });

  it('refuses a location that is not a positive whole number', async () => {
    expect(await problemsOf('\n    restock: true\n    restockLocation: 0')).toMatch(/orders\.refunds\.restockLocation/);
  });
});
