import { allPages, type RackbeatContext } from './paging.js';

/** An app installed on the Rackbeat account, as far as `/user-account-plugins` shows it. */
export interface InstalledApp {
  id: string | undefined;
  /** Its slug or name, whichever the answer gives (`e-conomic`, `economic`, `Shopify`). */
  name: string;
}

/**
 * The apps installed on the account: `GET /user-account-plugins` (the laravel-rackbeat client's
 * PluginBuilder; Rackbeat's public docs do not describe the answer). Read defensively: the first
 * list in the envelope, and each row's own slug or name, or its `plugin`'s.
 */
export async function installedApps(context: RackbeatContext): Promise<InstalledApp[]> {
  const apps: InstalledApp[] = [];
  for await (const page of allPages<unknown>(context, '/user-account-plugins', 'user_account_plugins')) {
    for (const row of page) {
      const app = appOf(row);
      if (app) apps.push(app);
    }
  }
  return apps;
}

function appOf(row: unknown): InstalledApp | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const record = row as Record<string, unknown>;
  const inner = typeof record.plugin === 'object' && record.plugin !== null ? (record.plugin as Record<string, unknown>) : {};
  const name = [record.slug, record.name, inner.slug, inner.name].find((value): value is string => typeof value === 'string' && value !== '');
  const id = record.id ?? inner.id;
  return name === undefined ? undefined : { id: id === undefined ? undefined : String(id), name };
}
