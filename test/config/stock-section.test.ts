import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmpDir = useTmpDir();

async function loadStock(stock: string) {
  const dir = tmpDir();
  writeFileSync(join(dir, 'sync.config.yaml'), `stock:${stock}\n`);
  return loadConfig({ path: join(dir, 'sync.config.yaml'), cwd: dir, env: {}, sections: ['stock'] });
}

describe('the stock section', () => {
  it('is complete with every default: stock: {}', async () => {
    const { config } = await loadStock(' {}');
    expect(config.stock).toEqual({ enabled: true, quantity: 'available', buffer: 0, enableTracking: false });
  });

  it('names the key and says what it takes when a value is wrong', async () => {
    const error = await loadStock('\n  quantity: on_hand\n  buffer: -2\n  locationNumber: 0\n  shopifyLocationId: Main warehouse').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toMatch(/stock\.quantity.*available.*in_stock/);
    expect(text).toMatch(/stock\.buffer.*whole number of units, 0 or more/);
    expect(text).toMatch(/stock\.locationNumber.*number of a Rackbeat location/);
    expect(text).toMatch(/stock\.shopifyLocationId.*gid:\/\/shopify\/Location/);
  });
});
