import type { Notice, NotifyChannel } from './notice.js';

/** The mail server and the addresses: the `smtp` section and notify.email. */
export interface EmailOptions {
  smtp: { host: string; port: number; secure: boolean; user?: string | undefined; password?: string | undefined };
  from: string;
  to: readonly string[];
  /** How long connecting and each SMTP exchange may take (default 10 s). */
  timeoutMs?: number;
}

/**
 * The e-mail channel: one plain-text mail per notice through the smtp section's server, sent with
 * nodemailer (loaded on the first mail only, so runs that send none never pay for it).
 */
export function emailChannel(options: EmailOptions): NotifyChannel {
  const timeout = options.timeoutMs ?? 10_000;
  return {
    name: 'email',
    label: `e-mail to ${options.to.join(', ')} via ${options.smtp.host}`,
    async send(notice: Notice) {
      const { createTransport } = await import('nodemailer');
      const { smtp } = options;
      const transport = createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      try {
        await transport.sendMail({ from: options.from, to: [...options.to], subject: notice.title, text: `${notice.lines.join('\n')}\n` });
      } catch (error) {
        // nodemailer's messages name the server and the SMTP answer, never the password.
        throw new Error(`e-mail via ${smtp.host}:${smtp.port} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        transport.close();
      }
    },
  };
}
