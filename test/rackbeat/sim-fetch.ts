import { RACKBEAT_SIM_API_KEY } from '../../src/sandbox/rackbeat/simulator.js';

export interface SimAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** One raw HTTP call to a Rackbeat simulator, as any client would make it (no iex-sync code). */
export async function callRackbeat(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = RACKBEAT_SIM_API_KEY,
): Promise<SimAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
