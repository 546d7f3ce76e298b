import { minorToNumber, toMinor, type Minor } from '../../domain/money.js';
import { AnnotatedErrors, checkRules, type FieldRule } from './body-rules.js';
import { ERROR_CODES } from './errors.js';
import type { SimRecord } from './state.js';

/**
 * The agreement's journals ("kassekladder") and the chart of accounts they post against, as a new
 * Danish agreement has them: journal 1 for everything, 2 for customer payments; the bank and
 * payment-provider accounts a payment's contra account is one of.
 */
export const JOURNALS: SimRecord[] = [
  { journalNumber: 1, name: 'Daglig', settings: { voucherNumbers: { minimumVoucherNumber: 1, maximumVoucherNumber: 999_999 } } },
  {
    journalNumber: 2,
    name: 'Kundeindbetalinger',
    settings: {
      voucherNumbers: { minimumVoucherNumber: 1, maximumVoucherNumber: 999_999 },
      entryTypeRestrictedTo: 'customerPayment',
      contraAccounts: { customerPayments: { accountNumber: 5820 } },
    },
  },
];

export const ACCOUNTS: SimRecord[] = [
  { accountNumber: 1010, accountType: 'profitAndLoss', name: 'Salg af varer', debitCredit: 'credit', barred: false, balance: 0 },
  { accountNumber: 5600, accountType: 'status', name: 'Debitorer', debitCredit: 'debit', barred: false, balance: 0 },
  { accountNumber: 5820, accountType: 'status', name: 'Bank', debitCredit: 'debit', barred: false, balance: 0 },
  { accountNumber: 5821, accountType: 'status', name: 'Stripe', debitCredit: 'debit', barred: false, balance: 0 },
  { accountNumber: 5822, accountType: 'status', name: 'MobilePay', debitCredit: 'debit', barred: false, balance: 0 },
];

/**
 * journals.journalNumber.vouchers.post.schema.json, for the entry type the tool writes
 * (customerPayments); the other entry types are kept as sent, unchecked beyond their presence.
 */
const VOUCHER_RULES: readonly FieldRule[] = [
  { path: 'accountingYear', type: 'object', required: true },
  { path: 'accountingYear.year', type: 'string', pattern: /^\d{4}(\/\d{4})?$/ },
  { path: 'journal', type: 'object' },
  { path: 'entries', type: 'object' },
  { path: 'entries.customerPayments', type: 'array' },
  { path: 'entries.customerPayments[].amount', type: 'number', required: true, maxDecimals: 2 },
  { path: 'entries.customerPayments[].date', type: 'string', required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ },
  { path: 'entries.customerPayments[].text', type: 'string', maxLength: 250 },
  { path: 'entries.customerPayments[].customer', type: 'object' },
  { path: 'entries.customerPayments[].customer.customerNumber', type: 'integer' },
  { path: 'entries.customerPayments[].customerInvoice', type: 'integer' },
  { path: 'entries.customerPayments[].contraAccount', type: 'object' },
  { path: 'entries.customerPayments[].contraAccount.accountNumber', type: 'integer' },
  { path: 'entries.customerPayments[].currency', type: 'object' },
  { path: 'entries.customerPayments[].currency.code', type: 'string' },
  { path: 'entries.customerPayments[].exchangeRate', type: 'number' },
];

/** What the journals need to know of the rest of the agreement. */
export interface JournalLookups {
  customerExists(customerNumber: number): boolean;
  currencyExists(code: string): boolean;
  /** The booked invoice's customer, or undefined when no such invoice is booked. */
  invoiceCustomer(bookedInvoiceNumber: number): number | undefined;
  /** Changes a booked invoice's unpaid remainder by `delta` (a payment entry booked). */
  settle(bookedInvoiceNumber: number, delta: Minor): void;
}

export type VoucherResult = { vouchers: SimRecord[] } | { errors: AnnotatedErrors };

/**
 * Vouchers and their entries per journal. Entries stay drafts in the journal until it is booked
 * (e-conomic REST docs, "Journals": the legacy API has no book action; `book` is the test control
 * for a bookkeeper doing it in the web app). Booking applies each customer payment to its invoice's
 * `remainder` with its sign as sent: a payment is a credit to the debtor, so a negative amount lowers
 * the remainder and a positive one raises it (the sign rule, as a public integration found).
 */
export class SimJournals {
  readonly accounts = ACCOUNTS;
  /** Draft entries by journal number, in entry order. */
  private readonly entries = new Map<number, SimRecord[]>();
  private readonly nextVoucher = new Map<number, number>();
  private nextEntryNumber = 1;

  constructor(private readonly lookups: JournalLookups) {}

  journal(journalNumber: number): SimRecord | undefined {
    return JOURNALS.find((journal) => journal.journalNumber === journalNumber);
  }

  all(): SimRecord[] {
    return JOURNALS;
  }

  entriesOf(journalNumber: number): SimRecord[] {
    return this.entries.get(journalNumber) ?? [];
  }

  /**
   * `POST /journals/{n}/vouchers` with one voucher or several: all are checked before any is kept;
   * the answer is always an array of vouchers (as observed on a trial agreement).
   */
  post(journalNumber: number, bodies: readonly SimRecord[]): VoucherResult {
    const errors = new AnnotatedErrors();
    bodies.forEach((body) => this.check(body, errors));
    if (!errors.empty) return { errors };
    return { vouchers: bodies.map((body) => this.keep(journalNumber, body)) };
  }

  /** Test control: the bookkeeper books journal `journalNumber`; its customer payments settle their invoices. */
  book(journalNumber: number): number {
    const entries = this.entriesOf(journalNumber);
    for (const entry of entries) {
      if (entry.entryType === 'customerPayment' && typeof entry.customerInvoice === 'number') {
        this.lookups.settle(entry.customerInvoice, toMinor(entry.amount as number));
      }
    }
    this.entries.set(journalNumber, []);
    return entries.length;
  }

  private check(body: SimRecord, errors: AnnotatedErrors): void {
    checkRules(body, VOUCHER_RULES, errors);
    const payments = ((body.entries as SimRecord | undefined)?.customerPayments ?? []) as SimRecord[];
    if (!Array.isArray(payments)) return;
    payments.forEach((payment, index) => {
      const at = (field: string) => ['entries', 'customerPayments', index, field];
      const missing = (field: string, message: string, value: unknown) => errors.add(at(field), { errorCode: ERROR_CODES.notFound, message, value });
      const contra = (payment.contraAccount as SimRecord | undefined)?.accountNumber;
      if (contra !== undefined && !this.accounts.some((account) => account.accountNumber === contra)) missing('contraAccount', 'Account not found.', contra);
      const customer = (payment.customer as SimRecord | undefined)?.customerNumber;
      if (typeof customer === 'number' && !this.lookups.customerExists(customer)) missing('customer', 'Customer not found.', customer);
      const currency = (payment.currency as SimRecord | undefined)?.code;
      if (typeof currency === 'string' && !this.lookups.currencyExists(currency)) missing('currency', 'Currency not found.', currency);
      const invoice = payment.customerInvoice;
      if (typeof invoice === 'number') {
        const owner = this.lookups.invoiceCustomer(invoice);
        if (owner === undefined) missing('customerInvoice', 'Booked invoice not found.', invoice);
        else if (typeof customer === 'number' && owner !== customer) {
          errors.add(at('customerInvoice'), { errorCode: ERROR_CODES.invalid, message: 'The invoice belongs to another customer.', value: invoice });
        }
      }
    });
  }

  private keep(journalNumber: number, body: SimRecord): SimRecord {
    const voucherNumber = (body.voucherNumber as number | undefined) ?? this.takeVoucherNumber(journalNumber);
    const accountingYear = { year: (body.accountingYear as SimRecord).year };
    const journal = { journalNumber };
    const voucher = { accountingYear, voucherNumber };
    const payments = (((body.entries as SimRecord | undefined)?.customerPayments ?? []) as SimRecord[]).map((payment) => ({
      ...payment,
      amount: minorToNumber(toMinor(payment.amount as number)),
      entryType: 'customerPayment',
      journal,
      voucher,
      journalEntryNumber: this.nextEntryNumber++,
      remainder: payment.amount,
      remainderInDefaultCurrency: payment.amount,
    }));
    this.entries.set(journalNumber, [...this.entriesOf(journalNumber), ...payments]);
    return { accountingYear, journal, voucherNumber, entries: { customerPayments: payments } };
  }

  private takeVoucherNumber(journalNumber: number): number {
    const number = this.nextVoucher.get(journalNumber) ?? 1;
    this.nextVoucher.set(journalNumber, number + 1);
    return number;
  }
}
