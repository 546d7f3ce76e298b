import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance, AxiosResponse } from 'axios';

/** One HTTP exchange, as the HTTP layer (client.ts) asks for it. */
export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** The longest wait for the answer (axios' `timeout`). */
  timeoutMs: number;
  /** Aborts the exchange: the caller's overall deadline. */
  signal: AbortSignal;
  maxResponseBytes: number;
  /** Read the answer as bytes (a PDF): its text is then latin1, one character per byte, so the bytes come back unchanged. */
  bytes?: boolean;
}

export type ExchangeResult =
  | { kind: 'answer'; status: number; headers: Record<string, string>; text: string }
  /** The answer was larger than maxResponseBytes and was cut off unread. */
  | { kind: 'too-large' }
  /** No (whole) answer: refused, reset, timed out, aborted. `code` is Node's (ECONNRESET …). */
  | { kind: 'failed'; code: string; message: string };

export interface Transport {
  exchange(request: Exchange): Promise<ExchangeResult>;
}

/** How axios says it stopped reading an answer at maxContentLength (its http adapter). */
const TOO_LARGE_MESSAGE = /maxContentLength size of \d+ exceeded/;

/**
 * Exchanges over axios with keep-alive connections. axios takes about a tenth of a second to load,
 * so it is imported on the first exchange: commands that call no system (`--help`, `history`,
 * `status`) never pay for it.
 */
export function createTransport(): Transport {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  let instance: Promise<AxiosInstance> | undefined;
  const axiosInstance = (): Promise<AxiosInstance> =>
    (instance ??= import('axios').then(({ default: axios }) =>
      axios.create({
        // Every status comes back as a response; the HTTP layer decides what is an error.
        validateStatus: () => true,
        // The raw text, so a non-JSON body is seen as such rather than silently passed on.
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        // A redirected POST may turn into a GET; a proxy from the environment must not see loopback calls.
        maxRedirects: 0,
        proxy: false,
        httpAgent,
        httpsAgent,
      }),
    ));

  return {
    async exchange(request) {
      const client = await axiosInstance();
      try {
        const response = await client.request<string>({
          method: request.method,
          url: request.url,
          data: request.body,
          headers: request.headers,
          timeout: request.timeoutMs,
          signal: request.signal,
          // Counted as the bytes arrive, so a chunked answer without Content-Length is cut off too.
          maxContentLength: request.maxResponseBytes,
          ...(request.bytes ? { responseType: 'arraybuffer' as const } : {}),
        });
        const data: unknown = response.data;
        const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('latin1') : '';
        return { kind: 'answer', status: response.status, headers: flatHeaders(response), text };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (TOO_LARGE_MESSAGE.test(message)) return { kind: 'too-large' };
        return { kind: 'failed', code: networkErrorCode(error), message };
      }
    },
  };
}

function flatHeaders(response: AxiosResponse<string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** Node's code for a failed request (ECONNREFUSED …), from axios' error or its cause. */
function networkErrorCode(error: unknown): string {
  const own = (error as { code?: unknown } | null)?.code;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof cause === 'string' && cause !== '') return cause;
  return typeof own === 'string' && own !== '' ? own : 'ERR_NETWORK';
}
