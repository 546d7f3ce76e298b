import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { runMain } from '../cli/run-cli.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

/** `orders.invoice` and `smtp` (issue 16): every mistake names its key and says how to fix it; secrets stay masked. */
const tmpDir = useTmpDir();
const ORDERS = { startFrom: '2026-11-25', layoutNumber: 19, paymentTermsNumber: 1, rackbeat: { paymentTermsNumber: 1 } };

function write(config: Record<string, unknown>): string {
  const dir = tmpDir();
  writeFileSync(join(dir, 'sync.config.yaml'), stringify(config));
  return dir;
}

async function problems(config: Record<string, unknown>, env: Record<string, string> = {}): Promise<string[]> {
  const dir = write(config);
  const error = await loadConfig({ cwd: dir, env, sections: ['orders'], optional: ['smtp'] }).then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(ConfigError);
  return [...(error as ConfigError).problems];
}

describe('orders.invoice and smtp', () => {
  it('defaults to never: documents stay as leg 2 made them', async () => {
    const { config } = await loadConfig({ cwd: write({ orders: ORDERS }), env: {}, sections: ['orders'] });
    expect(config.orders.invoice).toEqual({ when: 'never', book: false, sendBy: 'none' });
  });

  it('refuses a payment or a mail without booking, and steps with when: never, naming the keys', async () => {
    expect(await problems({ orders: { ...ORDERS, invoice: { when: 'shipped', payment: { journalNumber: 2, contraAccount: 5820 }, mail: { from: 'a@b.c' } } } })).toEqual([
      'orders.invoice.payment: works on booked invoices: set orders.invoice.book: true, or leave payment out',
      'orders.invoice.mail: works on booked invoices: set orders.invoice.book: true, or leave mail out',
    ]);
    expect(await problems({ orders: { ...ORDERS, invoice: { book: true } } })).toEqual([
      'orders.invoice.when: is never, so nothing would be booked, paid or mailed: set when: booked or shipped (e.g. when: shipped)',
    ]);
  });

  it('names a placeholder the mail templates do not know, and a misspelt key', async () => {
    const found = await problems({ orders: { ...ORDERS, invoice: { when: 'booked', book: true, mail: { from: 'a@b.c', subject: 'Invoice {invoiceNo}' }, sendby: 'ean' } } });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^orders\.invoice\.mail\.subject: \{invoiceNo\} is not a placeholder here; use \{invoiceNumber\}, \{orderNumber\}, \{customerName\}/),
      expect.stringMatching(/^orders\.invoice\.sendby is not a known key in sync\.config\.yaml: did you mean sendBy\?/),
    ]));
  });

  it('reads smtp only when the file has it, wants a password with a user, and masks it in config check', async () => {
    const { config } = await loadConfig({ cwd: write({ orders: ORDERS }), env: {}, sections: ['orders'], optional: ['smtp'] });
    expect(config.smtp).toBeUndefined();
    expect(await problems({ orders: ORDERS, smtp: { host: 'smtp.example.com', user: 'shop' } })).toEqual([
      'smtp.password is required with user: add it to sync.config.yaml, e.g. password: ${SMTP_PASSWORD}',
    ]);
    const dir = write({ orders: ORDERS, smtp: { host: 'smtp.example.com', user: 'shop', password: '${SMTP_PASSWORD}' } });
    const secret = 'a-long-smtp-password-1234';
    const checked = await runMain(['config', 'check'], { cwd: dir, env: { SMTP_PASSWORD: secret } });
    expect(checked.code).toBe(0);
    expect(checked.stdout + checked.stderr).not.toContain(secret);
    expect(checked.stdout).toContain('****1234');
  });
});
