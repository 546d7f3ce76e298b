import { minorToNumber, type Minor } from '../../domain/money.js';
import type { HttpClient } from '../http/types.js';
import { filterCondition } from './filter.js';
import { collectAll, listAll } from './paging.js';
import { compact, createResource, getOrUndefined } from './requests.js';
import type { CreateOptions } from './types.js';

/** A customer payment as the order flow registers it against a booked invoice. */
export interface CustomerPayment {
  journalNumber: number;
  /** `YYYY-MM-DD`: the business date it was paid. */
  date: string;
  /** What the customer paid, positive; sent negative (see customerPaymentBody). */
  amount: Minor;
  currency: string;
  customerNumber: number;
  bookedInvoiceNumber: number;
  contraAccountNumber: number;
  /** Carries the payment's reference: the entry is found by it exactly (≤ 250). */
  text: string;
}

/** A payment entry as found or made: its voucher, by accounting year and number. */
export interface PaymentEntry {
  year: string;
  voucherNumber: number;
}

interface VoucherResponse {
  accountingYear: { year: string };
  voucherNumber: number;
}

interface EntryResponse {
  text?: string;
  voucher?: { voucherNumber: number; accountingYear?: { year: string } };
}

/**
 * The body of `POST /journals/{n}/vouchers` (journals.journalNumber.vouchers.post.schema.json)
 * for one customer payment. The amount is negative: a payment is a credit to the debtor account,
 * and a positive amount raises the customer's balance instead (as a public e-conomic integration
 * found; e-conomic's docs do not say).
 */
export function customerPaymentBody(payment: CustomerPayment): Record<string, unknown> {
  return {
    accountingYear: { year: payment.date.slice(0, 4) },
    journal: { journalNumber: payment.journalNumber },
    entries: {
      customerPayments: [
        compact({
          date: payment.date,
          amount: -minorToNumber(payment.amount),
          currency: { code: payment.currency },
          customer: { customerNumber: payment.customerNumber },
          customerInvoice: payment.bookedInvoiceNumber,
          contraAccount: { accountNumber: payment.contraAccountNumber },
          text: payment.text,
        }),
      ],
    },
  };
}

/**
 * Journals and their entries (e-conomic REST docs, "Journals"). Entries land as drafts in the
 * journal until a bookkeeper books it; the legacy API has no book action.
 */
export function journalsApi(http: HttpClient) {
  return {
    /** Whether journal `journalNumber` exists. */
    journalExists: async (journalNumber: number): Promise<boolean> => (await getOrUndefined(http, `/journals/${journalNumber}`)) !== undefined,
    /** Whether account `accountNumber` exists. */
    accountExists: async (accountNumber: number): Promise<boolean> => (await getOrUndefined(http, `/accounts/${accountNumber}`)) !== undefined,

    /** The entry of journal `journalNumber` whose text is exactly `text` (filterable: journals.journalNumber.entries.get). */
    async findEntryByText(journalNumber: number, text: string): Promise<PaymentEntry | undefined> {
      const entries = await collectAll(listAll<EntryResponse>(http, `/journals/${journalNumber}/entries`, filterCondition('text', '$eq:', text)));
      // The API compares case-insensitively; the text is compared again here, exactly.
      const found = entries.find((entry) => entry.text === text && entry.voucher !== undefined);
      return found?.voucher && { year: found.voucher.accountingYear?.year ?? '', voucherNumber: found.voucher.voucherNumber };
    },

    /** Posts one voucher (a customerPaymentBody); e-conomic answers with an array of vouchers, even for one. */
    async postVoucher(journalNumber: number, body: Record<string, unknown>, options: CreateOptions = {}): Promise<PaymentEntry> {
      const vouchers = await createResource<VoucherResponse[]>(http, `/journals/${journalNumber}/vouchers`, body, options);
      const voucher = vouchers[0];
      if (!voucher) throw new TypeError(`e-conomic made no voucher in journal ${journalNumber}`);
      return { year: voucher.accountingYear.year, voucherNumber: voucher.voucherNumber };
    },
  };
}
