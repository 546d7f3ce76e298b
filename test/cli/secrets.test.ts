import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactValue } from '../../src/connectors/http/redact.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { fillStore } from './fixture-store.js';
import { runBuilt, type CliResult } from './run-cli.js';

const tmpDir = useTmpDir();

const SECRETS = {
  WC_KEY: 'ck_6f1d0c9e8b7a65432100aa11bb22cc33',
  WC_SECRET: 'cs_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  RB_KEY: 'eyJhbGciOiJSUzI1NiJ9.rackbeat-personal-token.SIG9876',
  ECO_APP: 'eco-app-secret-token-7777-QQQQ',
  ECO_GRANT: 'eco-agreement-grant-8888-RRRR',
};

const CONFIG = `store: ./state/sync.db
webshop:
  platform: woocommerce
  url: https://shop.example.com
  consumerKey: \${WC_KEY}
  consumerSecret: \${WC_SECRET}
rackbeat:
  apiKey: \${RB_KEY}
economic:
  appSecretToken: \${ECO_APP}
  agreementGrantToken: \${ECO_GRANT}
`;

describe('secrets', () => {
  it('never appear in anything the commands write: stdout, stderr, exports, the store', () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'sync.config.yaml'), CONFIG);
    // The payload carries a real secret, redacted on the way into the log as the engine does.
    const redactor = createRedactor(Object.values(SECRETS));
    fillStore(join(dir, 'state', 'sync.db'), { apiKey: SECRETS.RB_KEY, redact: (payload) => redactValue(payload, redactor) });
    const env = { ...SECRETS };
    const broken = { ...SECRETS, ECO_GRANT: '' };

    const runs: CliResult[] = [
      runBuilt(['-v', 'config', 'check'], { cwd: dir, env }),
      runBuilt(['--json', 'config', 'check'], { cwd: dir, env }),
      runBuilt(['-v', 'config', 'check'], { cwd: dir, env: broken }),
      runBuilt(['-v', 'history'], { cwd: dir, env }),
      runBuilt(['history', '--format', 'csv', '--output', 'export.csv'], { cwd: dir, env }),
      runBuilt(['history', '--format', 'ndjson', '--output', 'export.ndjson'], { cwd: dir, env }),
      runBuilt(['--json', 'history', 'show', '1'], { cwd: dir, env }),
      runBuilt(['history', 'show', '1'], { cwd: dir, env }),
      runBuilt(['-v', 'status'], { cwd: dir, env }),
    ];
    expect(runs.map((run) => run.code)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 1]);
    expect(runs[2]?.stderr).toContain('ECO_GRANT is set but empty');
    expect(runs[6]?.stdout).toContain('"number": "1042"');

    const stateFiles = readdirSync(join(dir, 'state')).map((name) => join(dir, 'state', name));
    const written = [
      ...runs.flatMap((run) => [run.stdout, run.stderr]),
      readFileSync(join(dir, 'export.csv'), 'utf8'),
      readFileSync(join(dir, 'export.ndjson'), 'utf8'),
      ...stateFiles.map((file) => readFileSync(file).toString('latin1')),
    ].join('\n');
    expect(written.length).toBeGreaterThan(1000);
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect({ name, found: written.includes(secret) }).toEqual({ name, found: false });
    }
  });
});
