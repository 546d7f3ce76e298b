import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the sink received it: the envelope and the raw RFC 5322 text. */
export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** Every message received, in order. */
  readonly received: ReceivedMail[];
  /** The credentials it accepts (AUTH PLAIN/LOGIN), so a config with a user and password works too. */
  readonly user: string;
  readonly password: string;
  close(): Promise<void>;
}

export const SINK_USER = 'sandbox';
export const SINK_PASSWORD = 'sandbox-smtp-password';

/**
 * A local SMTP server on loopback that keeps what it receives instead of delivering it, for the
 * sandbox, the demo and tests: mail goes through real SMTP (nodemailer → smtp-server), and nothing
 * reaches a real inbox. Plain text on loopback only (no STARTTLS offered); authentication optional,
 * checked when given.
 */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    // A client still connected (a pooled connection) does not hold the close up for long.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      if (auth.username === SINK_USER && auth.password === SINK_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from === false ? undefined : from.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    user: SINK_USER,
    password: SINK_PASSWORD,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
