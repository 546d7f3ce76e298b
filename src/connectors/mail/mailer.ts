import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config/sections/smtp.js';
import { ExitCode, SyncError } from '../../domain/errors.js';

/** One mail with its attachments. */
export interface MailMessage {
  from: string;
  to: string;
  bcc?: string | undefined;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface Mailer {
  /** Sends one mail; the server's message id. Throws MailError. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * A mail that did not go, told apart the way the engine needs (protocol step 10): the server could
 * not be reached or refused our login (`systemic`: stop the run, exit 3); the server refused this
 * mail (a record error: nothing was sent); or the connection ended while the message was on its
 * way (`outcomeUnknown`: it may have been delivered, so it must not be sent again by itself).
 */
export class MailError extends SyncError {
  readonly systemic: boolean;
  readonly outcomeUnknown: boolean;

  constructor(message: string, kind: 'systemic' | 'refused' | 'unknown', hint: string) {
    super(message, { exitCode: kind === 'systemic' ? ExitCode.systemRefused : ExitCode.recordsFailed, hint });
    this.systemic = kind === 'systemic';
    this.outcomeUnknown = kind === 'unknown';
  }
}

/** nodemailer's error codes (its SMTP connection) of a server not reached or not talking: nothing was handed over. */
const BEFORE_SENDING = new Set(['EDNS', 'ETLS', 'EREQUIRETLS', 'EHLO']);
/** Node's errors of a connect that never got through. */
const NEVER_CONNECTED = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|getaddrinfo/;

/** SMTP over nodemailer (`smtp` section): one pooled connection per run, STARTTLS whenever offered. */
export function createMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user !== undefined ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    pool: true,
    maxConnections: 1,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      let info: { messageId?: string; rejected?: Array<string | { address: string }> };
      try {
        info = (await transport.sendMail(message)) as typeof info;
      } catch (error) {
        throw mailError(error, settings);
      }
      // The server took the mail for the others (the bcc) but refused the customer: it did not reach them.
      const rejected = (info.rejected ?? []).map((address) => (typeof address === 'string' ? address : address.address));
      if (rejected.includes(message.to)) {
        throw new MailError(`the mail server refused the recipient ${message.to}`, 'refused', 'check the customer\'s e-mail address; the mail is tried again on a later run');
      }
      return { messageId: info.messageId ?? '' };
    },
    close: () => transport.close(),
  };
}

function mailError(error: unknown, settings: SmtpSettings): MailError {
  const { code, responseCode, response, message, syscall } = (error ?? {}) as { code?: string; responseCode?: number; response?: string; message?: string; syscall?: string };
  const said = response ?? message ?? String(error);
  const server = `${settings.host}:${settings.port}`;
  if (code === 'EAUTH') return new MailError(`the mail server ${server} refused the login: ${said}`, 'systemic', 'check smtp.user and smtp.password');
  // nodemailer calls a dropped connection ECONNECTION even after the message went: only a connect
  // that never got through (refused, no such host, TLS, greeting) says nothing was sent.
  if ((code !== undefined && BEFORE_SENDING.has(code)) || syscall === 'connect' || NEVER_CONNECTED.test(said)) {
    return new MailError(`the mail server ${server} could not be reached: ${said}`, 'systemic', 'check smtp.host, smtp.port and smtp.secure, and that the server is up');
  }
  // Refused with a reply before the message was accepted: a bad address, a message too large.
  if (responseCode !== undefined && responseCode >= 400 && (code === 'EENVELOPE' || code === 'EMESSAGE')) {
    return new MailError(`the mail server refused the mail: ${said}`, 'refused', 'check the customer\'s e-mail address and orders.invoice.mail.from; the mail is tried again on a later run');
  }
  return new MailError(`the mail may or may not have been sent (${code ?? 'no answer'}: ${said})`, 'unknown', 'check the mail server\'s log');
}
