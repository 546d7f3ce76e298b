import type { EconomicClient } from './economic/client.js';
import type { RackbeatClient } from './rackbeat/client.js';
import type { Webshop } from './webshop.js';

/** The systems a flow may talk to, by the role each plays; a config section of the same name configures each. */
export interface Systems {
  webshop: Webshop;
  rackbeat: RackbeatClient;
  economic: EconomicClient;
}

export type Role = keyof Systems;

/** The connectors of the roles a flow uses, and every secret of their config, for redacting payloads. */
export type Connections<R extends Role = Role> = Pick<Systems, R> & { secrets: string[] };
