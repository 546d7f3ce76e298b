import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver kept. */
export interface ReceivedWebhook {
  at: string;
  path: string;
  body: unknown;
}

export interface WebhookReceiver {
  /** Where to POST: notify.webhook.url of a sandbox or test config. */
  url: string;
  /** Every POST so far, oldest first (`GET /received` answers the same as JSON). */
  readonly received: ReceivedWebhook[];
  /** Answer 503 to every POST, as a receiver that is down, until set back. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** Bodies larger than this are refused (413): a notice is a few kB. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * A webhook endpoint on loopback for the sandbox, the demo and tests: it keeps every JSON body
 * POSTed to `/hooks/…` (as Slack's incoming webhooks answer, `200 ok`), shows them at
 * `GET /received`, and can play a receiver that is down.
 */
export async function startWebhookReceiver(options: { port?: number } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let down = false;
  const server = createServer((request, response) => {
    handle(request, response).catch(() => answer(response, 500, 'text/plain', 'receiver error'));
  });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'GET' && path === '/received') return answer(response, 200, 'application/json', JSON.stringify(received));
    if (request.method !== 'POST' || !path.startsWith('/hooks/')) return answer(response, 404, 'text/plain', 'no_service');
    const text = await readBody(request);
    if (text === undefined) return answer(response, 413, 'text/plain', 'payload_too_large');
    if (down) return answer(response, 503, 'text/plain', 'service_unavailable');
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return answer(response, 400, 'text/plain', 'invalid_payload');
    }
    received.push({ at: new Date().toISOString(), path, body });
    return answer(response, 200, 'text/plain', 'ok');
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/sandbox`,
    received,
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** The body as text, or undefined once it grows past MAX_BODY_BYTES. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
