import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth } from '../../src/connectors/http/auth.js';
import { createHttpClient } from '../../src/connectors/http/client.js';
import { SyncHttpError } from '../../src/connectors/http/errors.js';

/**
 * Design, "HTTP layer": a size limit on answers. A loopback server answers with more JSON than the
 * client's limit (64 KB here, 50 MB by default), once with a Content-Length and once chunked without
 * one and without end, as a broken proxy or a runaway endpoint might.
 */
const LIMIT = 64 * 1024;
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  })));
});

async function serve(mode: 'content-length' | 'endless-chunks'): Promise<{ url: string }> {
  const item = `${JSON.stringify({ sku: 'CAP-001', name: 'x'.repeat(200) })},`;
  const server = http.createServer((request, response) => {
    if (mode === 'content-length') {
      const body = `[${item.repeat(1_000)}{}]`;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('[');
    const pump = (): void => {
      while (!response.destroyed && response.write(item));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
    request.socket.on('close', () => response.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function clientFor(url: string) {
  return createHttpClient({
    system: 'economic',
    baseURL: url,
    auth: bearerAuth('tok-size-limit-test'),
    maxResponseBytes: LIMIT,
    deadlineMs: 10_000,
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

async function failure(promise: Promise<unknown>): Promise<SyncHttpError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SyncHttpError);
  return error as SyncHttpError;
}

describe('the size limit on answers', () => {
  it('refuses an answer with a Content-Length over the limit as a protocol error naming the system, without retrying', async () => {
    const server = await serve('content-length');
    const client = clientFor(server.url);
    const error = await failure(client.request({ method: 'GET', path: '/products' }));
    expect(error).toMatchObject({ kind: 'protocol', retryable: false, system: 'economic' });
    expect(error.message).toMatch(/^economic on GET \/products: the answer was larger than the limit of 65536 bytes$/);
    expect(error.hint).toContain('economic');
    expect(client.callCount()).toBe(1);
  });

  it('cuts off a chunked answer without Content-Length that never ends, soon after the limit', async () => {
    const server = await serve('endless-chunks');
    const client = clientFor(server.url);
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', path: '/products' }));
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain('larger than the limit of 65536 bytes');
    // Stopped by the size, not by the 10 s deadline.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(client.callCount()).toBe(1);
  });

  it('calls a create whose answer was too large to read outcome-unknown: it may have happened', async () => {
    const server = await serve('content-length');
    const client = clientFor(server.url);
    const error = await failure(client.request({ method: 'POST', path: '/invoices/drafts', body: {} }));
    expect(error.kind).toBe('outcome-unknown');
    expect(client.callCount()).toBe(1);
  });
});
