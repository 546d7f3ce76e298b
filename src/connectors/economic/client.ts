import { headerAuth } from '../http/auth.js';
import { createHttpClient } from '../http/client.js';
import { firstCall, type FirstCallCheck } from '../http/first-call.js';
import { parseEconomicRateHeaders } from '../http/rate-headers.js';
import { TokenBucketLimiter } from '../http/rate-limit.js';
import type { CallRecord, HttpClient, RetryPolicy } from '../http/types.js';
import { customersApi } from './customers.js';
import { salesDocumentsApi } from './documents.js';
import { parseEconomicError } from './errors.js';
import { invoicesApi } from './invoices.js';
import { journalsApi } from './journals.js';
import { lookupsApi } from './lookups.js';
import { productsApi } from './products.js';
import type { EconomicAgreement, EconomicSelfResponse } from './types.js';

export interface EconomicClientOptions {
  /** `https://restapi.e-conomic.com`, or a simulator's URL. */
  url: string;
  appSecretToken: string;
  agreementGrantToken: string;
  onCall?: (call: CallRecord) => void;
  /** The token bucket until X-RateLimiting says otherwise (10,000 per 60 s, as observed on a trial agreement). */
  rateLimit?: { capacity?: number; refillPerSecond?: number };
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  concurrency?: number;
}

export type EconomicClient = ReturnType<typeof createEconomicClient>;

/** `GET /self` is the first call of a run: it also checks `economic.url`. */
const SELF_CHECK: FirstCallCheck<EconomicSelfResponse> = {
  urlKey: 'economic.url',
  expected: 'https://restapi.e-conomic.com',
  what: 'an e-conomic agreement (agreementNumber)',
  read: (data) => (typeof (data as Partial<EconomicSelfResponse> | null | undefined)?.agreementNumber === 'number' ? (data as EconomicSelfResponse) : undefined),
};

/**
 * The e-conomic REST client: `X-AppSecretToken` + `X-AgreementGrantToken` on every call (e-conomic
 * REST docs, "TL;DR"), a token-bucket limiter that follows `X-RateLimiting`, the legacy error
 * envelope read into SyncHttpError, and one group of methods per resource.
 */
export function createEconomicClient(options: EconomicClientOptions) {
  const capacity = options.rateLimit?.capacity ?? 10_000;
  const http: HttpClient = createHttpClient({
    system: 'economic',
    baseURL: options.url,
    auth: headerAuth({
      'X-AppSecretToken': options.appSecretToken,
      'X-AgreementGrantToken': options.agreementGrantToken,
    }),
    rateLimiter: new TokenBucketLimiter({
      capacity,
      refillPerSecond: options.rateLimit?.refillPerSecond ?? capacity / 60,
      parseHeaders: parseEconomicRateHeaders,
    }),
    parseError: parseEconomicError,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
  });

  return {
    /** `GET /self`: checks the tokens and names the agreement (the store's identity of this system). */
    async self(): Promise<EconomicAgreement> {
      const data = await firstCall(http, { method: 'GET', path: '/self' }, SELF_CHECK);
      return { agreementNumber: data.agreementNumber, companyName: data.company?.name, baseCurrency: data.settings?.baseCurrency };
    },
    customers: customersApi(http),
    products: productsApi(http),
    orderDrafts: salesDocumentsApi(http, 'order'),
    draftInvoices: salesDocumentsApi(http, 'draft-invoice'),
    invoices: invoicesApi(http),
    journals: journalsApi(http),
    ...lookupsApi(http),
    callCount: (): number => http.callCount(),
    /** How far e-conomic's clock ran from ours at its latest answer (ms; negative: behind), for `doctor`. */
    clockSkewMs: (): number | undefined => http.clockSkewMs(),
  };
}
