/**
 * Run in a child process by client.test.ts, so that NODE_EXTRA_CA_CERTS (read only at start-up)
 * makes Node trust the test's certificate, as a user with a private CA would run iex-sync.
 * Lists every order with Basic auth over HTTPS and prints what it saw as JSON.
 */
import { createWooCommerceClient } from '../../../src/connectors/woocommerce/client.js';

const client = createWooCommerceClient({
  url: process.env.WOO_URL ?? '',
  consumerKey: process.env.WOO_KEY ?? '',
  consumerSecret: process.env.WOO_SECRET ?? '',
});
const ids: string[] = [];
for await (const page of client.changedOrders(new Date(0))) ids.push(...page.map((order) => order.id));
const identity = await client.identity();
process.stdout.write(JSON.stringify({ ids, identity }));
