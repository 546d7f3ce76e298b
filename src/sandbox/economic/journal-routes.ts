import type { SimHandler, SimRequest, SimResponse, SimRoute } from '../harness/types.js';
import { baseUrl, collectionResponse, type CollectionSettings } from './collection.js';
import { notFoundResponse, validationResponse } from './errors.js';
import type { EconomicSimState, SimRecord } from './state.js';

/** journals.journalNumber.entries.get.schema.json's `filterable: true` fields. */
const ENTRY_FILTERABLE = [
  'account.accountNumber', 'customer.customerNumber', 'supplier.supplierNumber', 'text', 'amount', 'contraAccount.accountNumber',
  'contraVatAccount.vatCode', 'contraVatAmount', 'currency.code', 'date', 'employee.employeeNumber', 'exchangeRate', 'entryType',
  'voucher.voucherNumber', 'amountDefaultCurrency', 'journalEntryNumber',
];
const JOURNAL_FILTERABLE = ['journalNumber', 'name'];
/** accounts.get.schema.json's filterable fields. */
const ACCOUNT_FILTERABLE = ['accountNumber', 'accountType', 'balance', 'barred', 'blockDirectEntries', 'debitCredit', 'name'];

/** routes.ts's wrapper of a write: a JSON body (an array too, when allowed) and the Idempotency-Key replay. */
export type JsonWrite = (handler: (request: SimRequest, body: SimRecord | SimRecord[]) => SimResponse, options: { arrays: true }) => SimHandler;

/**
 * Journals, their vouchers and entries, and the accounts (e-conomic REST docs, "Journals",
 * "Accounts"; journals.* schemas). `write` is routes.ts's JSON-body and idempotency wrapper.
 */
export function journalRoutes(
  state: EconomicSimState,
  collections: CollectionSettings,
  write: JsonWrite,
): SimRoute[] {
  const { journals } = state;
  const link = (request: SimRequest, path: string): string => `${baseUrl(request)}${path}`;
  const renderJournal = (request: SimRequest) => (journal: SimRecord): SimRecord => {
    const self = link(request, `/journals/${journal.journalNumber as number}`);
    return { ...journal, vouchers: `${self}/vouchers`, entries: `${self}/entries`, self };
  };
  const renderAccount = (request: SimRequest) => (account: SimRecord): SimRecord => ({ ...account, self: link(request, `/accounts/${account.accountNumber as number}`) });
  /** An entry with the self links its read schema requires on every reference (journals.journalNumber.entries.get). */
  const renderEntry = (request: SimRequest) => (entry: SimRecord): SimRecord => {
    const journalNumber = (entry.journal as SimRecord).journalNumber as number;
    const voucher = entry.voucher as { accountingYear: { year: string }; voucherNumber: number };
    const ref = (key: string, path: (value: SimRecord) => string) => {
      const value = entry[key] as SimRecord | undefined;
      return value ? { [key]: { ...value, self: link(request, path(value)) } } : {};
    };
    return {
      ...entry,
      journal: { journalNumber, self: link(request, `/journals/${journalNumber}`) },
      ...ref('customer', (customer) => `/customers/${customer.customerNumber as number}`),
      ...ref('contraAccount', (account) => `/accounts/${account.accountNumber as number}`),
      ...ref('currency', (currency) => `/currencies/${currency.code as string}`),
      voucher: {
        voucherNumber: voucher.voucherNumber,
        accountingYear: { ...voucher.accountingYear, self: link(request, `/accounting-years/${voucher.accountingYear.year}`) },
        self: link(request, `/journals/${journalNumber}/vouchers/${voucher.accountingYear.year}-${voucher.voucherNumber}`),
      },
      self: link(request, `/journals/${journalNumber}/entries/${entry.journalEntryNumber as number}`),
    };
  };
  const journalOf = (request: SimRequest) => journals.journal(Number(request.params.journalNumber));

  return [
    {
      method: 'GET',
      pattern: '/journals',
      handler: (request) => collectionResponse(request, { records: journals.all(), filterable: JOURNAL_FILTERABLE, render: renderJournal(request) }, collections),
    },
    {
      method: 'GET',
      pattern: '/journals/:journalNumber',
      handler: (request) => {
        const journal = journalOf(request);
        return journal ? { status: 200, body: renderJournal(request)(journal) } : notFoundResponse('Journal');
      },
    },
    {
      method: 'GET',
      pattern: '/journals/:journalNumber/entries',
      handler: (request) => {
        const journal = journalOf(request);
        if (!journal) return notFoundResponse('Journal');
        const records = journals.entriesOf(journal.journalNumber as number);
        return collectionResponse(request, { records, filterable: ENTRY_FILTERABLE, render: renderEntry(request) }, collections);
      },
    },
    {
      // One voucher or an array of them; the answer is always an array, 201 (as observed on a trial agreement).
      method: 'POST',
      pattern: '/journals/:journalNumber/vouchers',
      handler: write((request, sent) => {
        const journal = journalOf(request);
        if (!journal) return notFoundResponse('Journal');
        const bodies = Array.isArray(sent) ? sent : [sent];
        const result = journals.post(journal.journalNumber as number, bodies);
        if ('errors' in result) return validationResponse(result.errors.tree);
        const self = link(request, `/journals/${journal.journalNumber as number}/vouchers`);
        const rendered = result.vouchers.map((voucher) => ({
          ...voucher,
          self: `${self}/${(voucher.accountingYear as SimRecord).year as string}-${voucher.voucherNumber as number}`,
        }));
        return { status: 201, body: rendered };
      }, { arrays: true }),
    },
    {
      method: 'GET',
      pattern: '/accounts',
      handler: (request) => collectionResponse(request, { records: journals.accounts, filterable: ACCOUNT_FILTERABLE, render: renderAccount(request) }, collections),
    },
    {
      method: 'GET',
      pattern: '/accounts/:accountNumber',
      handler: (request) => {
        const account = journals.accounts.find((candidate) => candidate.accountNumber === Number(request.params.accountNumber));
        return account ? { status: 200, body: renderAccount(request)(account) } : notFoundResponse('Account');
      },
    },
  ];
}
