import { afterEach } from 'vitest';
import { startEconomicSimulator, type EconomicSimulatorOptions, type StartedEconomicSimulator } from '../../src/sandbox/economic/simulator.js';
import type { SalesDocumentInput } from '../../src/connectors/economic/types.js';
import type { Minor } from '../../src/domain/money.js';

/** Starts e-conomic simulators for one test and closes them after it. */
export function useEconomicSimulator(): (options?: EconomicSimulatorOptions) => Promise<StartedEconomicSimulator> {
  const started: StartedEconomicSimulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.simulator.close()));
  });
  return async (options) => {
    const sim = await startEconomicSimulator(options);
    started.push(sim);
    return sim;
  };
}

/** A draft for the seeded customer 1001 (domestic) with two catalogue products. */
export function sampleDocument(reference: string): SalesDocumentInput {
  return {
    date: '2026-05-27',
    currency: 'DKK',
    customerNumber: 1001,
    layoutNumber: 19,
    paymentTermsNumber: 1,
    recipient: { name: 'Ann Lee', address: 'Main St 1', zip: '8000', city: 'Aarhus', country: 'DK', vatZoneNumber: 1 },
    notes: { heading: 'WooCommerce order #1042' },
    reference,
    lines: [
      { productNumber: 'TEE-RED-M', description: 'T-shirt – Red, M', quantity: 2, unitNetPrice: 15_920 as Minor },
      { productNumber: 'GIFT/BOX 01', description: 'Gift box', quantity: 1, unitNetPrice: 7_920 as Minor, discountPercentage: 10 },
    ],
  };
}


export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A raw call to the simulator, as any HTTP client would send it, with the simulator's tokens. */
export async function call(
  sim: StartedEconomicSimulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
  if (options.auth !== false) {
    headers['X-AppSecretToken'] = sim.config.appSecretToken;
    headers['X-AgreementGrantToken'] = sim.config.agreementGrantToken;
  }
  const response = await fetch(`${sim.config.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
