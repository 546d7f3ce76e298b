import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { seededRandom } from '../../src/sandbox/harness/random.js';

/**
 * A tiny target system for the engine's own tests. It lives in the test process, so its documents
 * survive the child process under test being killed. It never refuses a duplicate reference: a
 * double create shows up as two documents.
 *
 *   POST /docs {reference, payload}    → 201 {id, number}
 *   GET  /docs?reference=R             → [{id, number, reference, payload, booked}]
 *   PUT  /docs/:id {payload}           → 200 the document
 *   POST /docs/:id/book                → 200; 422 when already booked (like a real API would)
 *   POST /docs/:id/convert             → 201 a new document (reference `<ref>/converted`, a number of
 *                                        its own), like an order draft upgraded to an invoice; 422 when done
 */
export interface FakeDoc {
  id: string;
  number: string;
  reference: string;
  payload: unknown;
  booked: boolean;
  updates: number;
  /** The id of the document this one was converted into (`POST /docs/:id/convert`). */
  convertedTo?: string | undefined;
}

export interface FakeBehaviour {
  /** Every answer waits this long. */
  latencyMs: number;
  /** Share of creates that are applied and then lose their response (the connection is cut). */
  dropRate: number;
  /** Share of calls answered 429 or 503 before anything is applied. */
  errorRate: number;
  /** Answer every call with this status (e.g. 401) before anything is applied. */
  failAllWith?: number | undefined;
  /** References whose create is refused with 422. */
  rejectReferences: ReadonlySet<string>;
  /** References whose update (PUT) is refused with 422. */
  rejectUpdates: ReadonlySet<string>;
}

export interface FakeRemote {
  url: string;
  docs(): FakeDoc[];
  /** Documents by reference. */
  byReference(reference: string): FakeDoc[];
  /** Calls by method and route, e.g. `POST /docs`. */
  calls(route: string): number;
  set(behaviour: Partial<FakeBehaviour>): void;
  /** Adds a document as if something had created it already. */
  seed(reference: string, payload: unknown, booked?: boolean): FakeDoc;
  close(): Promise<void>;
}

export async function startFakeRemote(initial: Partial<FakeBehaviour> = {}, seed = 42): Promise<FakeRemote> {
  const behaviour: FakeBehaviour = { latencyMs: 0, dropRate: 0, errorRate: 0, rejectReferences: new Set(), rejectUpdates: new Set(), ...initial };
  const random = seededRandom(seed);
  const docs: FakeDoc[] = [];
  const callCounts = new Map<string, number>();

  const add = (reference: string, payload: unknown, booked = false): FakeDoc => {
    const doc: FakeDoc = { id: String(docs.length + 1), number: String(5000 + docs.length + 1), reference, payload, booked, updates: 0 };
    docs.push(doc);
    return doc;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readJson(request);
    const url = new URL(request.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean);
    const route = `${request.method} /${parts.map((part, index) => (index === 1 ? ':id' : part)).join('/')}`;
    callCounts.set(route, (callCounts.get(route) ?? 0) + 1);
    if (behaviour.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
    if (behaviour.failAllWith !== undefined) return send(response, behaviour.failAllWith, { message: 'refused' });
    if (behaviour.errorRate > 0 && random() < behaviour.errorRate) {
      const status = random() < 0.5 ? 429 : 503;
      response.setHeader('Retry-After', '0');
      return send(response, status, { message: status === 429 ? 'slow down' : 'try again' });
    }
    const doc = parts[1] === undefined ? undefined : docs.find((item) => item.id === parts[1]);

    if (route === 'POST /docs') {
      const { reference, payload } = body as { reference: string; payload: unknown };
      if (behaviour.rejectReferences.has(reference)) return send(response, 422, { message: `invalid document ${reference}` });
      const created = add(reference, payload);
      if (behaviour.dropRate > 0 && random() < behaviour.dropRate) {
        request.socket.destroy(); // Applied, but the caller never hears of it.
        return;
      }
      return send(response, 201, { id: created.id, number: created.number });
    }
    if (route === 'GET /docs') return send(response, 200, docs.filter((item) => item.reference === url.searchParams.get('reference')));
    if (!doc) return send(response, 404, { message: 'no such document' });
    if (route === 'GET /docs/:id') return send(response, 200, doc);
    if (route === 'PUT /docs/:id') {
      if (behaviour.rejectUpdates.has(doc.reference)) return send(response, 422, { message: `invalid update of ${doc.reference}` });
      doc.payload = (body as { payload: unknown }).payload;
      doc.updates += 1;
      return send(response, 200, doc);
    }
    if (route === 'POST /docs/:id/book') {
      if (doc.booked) return send(response, 422, { message: 'already booked' });
      doc.booked = true;
      return send(response, 200, doc);
    }
    if (route === 'POST /docs/:id/convert') {
      if (doc.convertedTo !== undefined) return send(response, 422, { message: 'already converted' });
      const converted = add(`${doc.reference}/converted`, doc.payload);
      doc.convertedTo = converted.id;
      return send(response, 201, { id: converted.id, number: converted.number });
    }
    return send(response, 404, { message: `no route ${route}` });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    docs: () => docs,
    byReference: (reference) => docs.filter((doc) => doc.reference === reference),
    calls: (route) => callCounts.get(route) ?? 0,
    set: (change) => Object.assign(behaviour, change),
    seed: add,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Starts fake remotes for a test and closes them after it. */
export function useFakeRemote(): (behaviour?: Partial<FakeBehaviour>, seed?: number) => Promise<FakeRemote> {
  const started: FakeRemote[] = [];
  afterEach(async () => {
    for (const remote of started.splice(0)) await remote.close();
  });
  return async (behaviour, seed) => {
    const remote = await startFakeRemote(behaviour, seed);
    started.push(remote);
    return remote;
  };
}
