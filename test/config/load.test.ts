import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig, loadWholeConfig } from '../../src/config/load.js';
import { maskSecrets, secretValues } from '../../src/config/mask.js';
import { closestMatch } from '../../src/config/suggest.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmpDir = useTmpDir();

function configDir(yaml: string, fileName = 'sync.config.yaml'): string {
  const dir = tmpDir();
  writeFileSync(join(dir, fileName), yaml);
  return dir;
}

async function problemsOf(load: Promise<unknown>): Promise<string[]> {
  const error: unknown = await load.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return [...(error as ConfigError).problems];
}

const ECONOMIC_ONLY = `economic:\n  agreementGrantToken: \${GRANT}\n`;

describe('loadConfig', () => {
  it('names a missing required key and shows how to add it', async () => {
    const dir = configDir(ECONOMIC_ONLY);
    const problems = await problemsOf(loadConfig({ cwd: dir, env: { GRANT: 'g' }, sections: ['economic'] }));
    expect(problems).toEqual([
      'economic.appSecretToken is required: add it to sync.config.yaml, e.g. appSecretToken: ${ECONOMIC_APP_SECRET_TOKEN}',
    ]);
  });

  it('suggests the key meant by a misspelt one, at any level', async () => {
    const dir = configDir(`stroe: x.db\neconomic:\n  appSecretTokn: \${A}\n  agreementGrantToken: g\n`);
    const problems = await problemsOf(loadConfig({ cwd: dir, env: { A: 'a' }, sections: ['economic'] }));
    expect(problems).toContain('stroe is not a known key in sync.config.yaml: did you mean store?');
    expect(problems).toContain('economic.appSecretTokn is not a known key in sync.config.yaml: did you mean appSecretToken?');
    expect(closestMatch('zzzzzz', ['store', 'timezone'])).toBeUndefined();
  });

  it('fills ${NAME} and ${NAME:-default} from the environment and names a missing variable', async () => {
    const dir = configDir(`economic:\n  url: \${ECO_URL:-http://127.0.0.1:9}\n  appSecretToken: app-\${APP}\n  agreementGrantToken: \${GRANT}\n`);
    const { config } = await loadConfig({ cwd: dir, env: { APP: 'a1', GRANT: 'g1' }, sections: ['economic'] });
    expect(config.economic).toEqual({ url: 'http://127.0.0.1:9', appSecretToken: 'app-a1', agreementGrantToken: 'g1' });
    // Empty is said as empty, and a secret gets no suggestion of a default (issue 14).
    const empty = await problemsOf(loadConfig({ cwd: dir, env: { APP: 'a1', GRANT: '' }, sections: ['economic'] }));
    expect(empty).toEqual(['economic.agreementGrantToken uses ${GRANT}, but the environment variable GRANT is set but empty: set it to the value from the system']);
    const unset = await problemsOf(loadConfig({ cwd: dir, env: { GRANT: 'g1' }, sections: ['economic'] }));
    expect(unset).toEqual(['economic.appSecretToken uses ${APP}, but the environment variable APP is not set: set it to the value from the system']);
    const plain = configDir('economic:\n  url: ${ECO_URL}\n  appSecretToken: a\n  agreementGrantToken: g\n');
    expect(await problemsOf(loadConfig({ cwd: plain, env: {}, sections: ['economic'] }))).toEqual([
      'economic.url uses ${ECO_URL}, but the environment variable ECO_URL is not set: set it, or give a default as ${ECO_URL:-value}',
    ]);
  });

  it('reads only the sections a command uses: history needs no secrets of the other systems', async () => {
    const dir = configDir(`store: data/s.db\nwebshop:\n  platform: woocommerce\n  url: https://shop.example.com\n  consumerKey: \${CK}\n${ECONOMIC_ONLY}`);
    const { config, file } = await loadConfig({ cwd: dir, env: {}, sections: [] });
    expect(file).toBe(join(dir, 'sync.config.yaml'));
    expect(config).toEqual({ store: join(dir, 'data', 's.db'), timezone: 'Europe/Copenhagen' });
    const problems = await problemsOf(loadConfig({ cwd: dir, env: { CK: 'k' }, sections: ['webshop', 'rackbeat'] }));
    expect(problems).toEqual([
      'webshop.consumerSecret is required for woocommerce: add it to sync.config.yaml, e.g. consumerSecret: ${WOOCOMMERCE_CONSUMER_SECRET}',
      'the rackbeat section is required here: add rackbeat: to sync.config.yaml (see sync.config.example.yaml)',
    ]);
  });

  it('applies defaults and resolves the store against the config file, not the working folder', async () => {
    const dir = configDir('rackbeat:\n  apiKey: k\n');
    mkdirSync(join(dir, 'sub'));
    const { config } = await loadConfig({ cwd: join(dir, 'sub'), env: {}, sections: ['rackbeat'] });
    expect(config).toEqual({
      store: join(dir, 'iex-sync.db'),
      timezone: 'Europe/Copenhagen',
      rackbeat: { url: 'https://app.rackbeat.com/api', apiKey: 'k', timezone: 'Europe/Copenhagen' },
    });
  });

  it('finds the file by --config, then IEX_SYNC_CONFIG, then .iex-syncrc* or package.json', async () => {
    const dir = configDir('store: from-rc.db\n', '.iex-syncrc.yml');
    writeFileSync(join(dir, 'other.yaml'), 'store: other.db\n');
    const load = (path: string | undefined, env: NodeJS.ProcessEnv) => loadConfig({ path, cwd: dir, env, sections: [] });
    expect((await load(undefined, {})).config.store).toBe(join(dir, 'from-rc.db'));
    expect((await load(undefined, { IEX_SYNC_CONFIG: 'other.yaml' })).config.store).toBe(join(dir, 'other.db'));
    expect((await load('other.yaml', { IEX_SYNC_CONFIG: 'nope.yaml' })).config.store).toBe(join(dir, 'other.db'));
    expect(await problemsOf(load('missing.yaml', {}))).toEqual([
      `config file ${join(dir, 'missing.yaml')} (from --config) does not exist: create it with \`iex-sync init\``,
    ]);
    const withPackage = configDir(JSON.stringify({ name: 'shop-ops', 'iex-sync': { store: 'pkg.db' } }), 'package.json');
    expect((await loadConfig({ cwd: withPackage, env: {}, sections: [] })).config.store).toBe(join(withPackage, 'pkg.db'));
  });

  it('explains bad values, bad YAML and a missing file', async () => {
    const bad = configDir('timezone: Mars/Olympus\nwebshop:\n  platform: magento\n  url: ftp://x\n');
    const problems = await problemsOf(loadWholeConfig({ cwd: bad, env: {} }));
    expect(problems[0]).toMatch(/^webshop\.platform: .*"woocommerce"\|"shopify".*\(e\.g\. platform: woocommerce\)$/);
    expect(problems).toContain('webshop.url: must be an http(s) URL (e.g. url: https://shop.example.com)');
    expect(problems.some((line) => line.startsWith('timezone: is not a time zone'))).toBe(true);
    expect((await problemsOf(loadWholeConfig({ cwd: configDir('store: [unclosed\n'), env: {} })))[0]).toMatch(/is not valid YAML/);
    expect((await problemsOf(loadConfig({ cwd: tmpDir(), env: {}, sections: ['economic'] })))[0]).toMatch(/^no config file found/);
  });

  it('shopify needs an access token or a client id and secret', async () => {
    const base = 'webshop:\n  platform: shopify\n  url: https://demo.myshopify.com\n';
    const problems = await problemsOf(loadConfig({ cwd: configDir(base), env: {}, sections: ['webshop'] }));
    expect(problems[0]).toMatch(/^webshop\.accessToken is required for shopify \(or clientId and clientSecret\)/);
    const viaClient = configDir(`${base}  clientId: id\n  clientSecret: s\n`);
    expect((await loadConfig({ cwd: viaClient, env: {}, sections: ['webshop'] })).config.webshop.clientId).toBe('id');
  });
});

describe('maskSecrets', () => {
  it('masks *Key, *Secret, *Token values at any depth, showing at most the last 4 of long ones', () => {
    const masked = maskSecrets({ apiKey: 'short', webshop: { consumerSecret: 'cs_0123456789abcdef', url: 'https://x' }, headers: [{ Authorization: 'Bearer abcdefghijklmnop' }] });
    expect(masked).toEqual({ apiKey: '****', webshop: { consumerSecret: '****cdef', url: 'https://x' }, headers: [{ Authorization: '****mnop' }] });
  });
});

describe('secretValues', () => {
  it('collects the values of *Key, *Secret, *Token keys at any depth, and nothing else', () => {
    const config = {
      webshop: { platform: 'shopify', url: 'https://x', accessToken: 'shpat_1', clientId: 'not-secret', clientSecret: 'cs_2' },
      rackbeat: { apiKey: 'rb_3', timezone: 'Europe/Copenhagen' },
      economic: { appSecretToken: 'ast_4', agreementGrantToken: 'agt_5', url: 'https://e' },
      empty: { apiKey: '' },
    };
    expect(secretValues(config).sort()).toEqual(['agt_5', 'ast_4', 'cs_2', 'rb_3', 'shpat_1']);
  });
});
