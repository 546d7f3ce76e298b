import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer, MailError, type MailMessage } from '../../src/connectors/mail/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp/sink.js';

/**
 * The mailer tells the engine what became of a mail (protocol step 10): sent; refused by the server
 * (nothing sent: the record fails alone); server unreachable or login refused (systemic: the run
 * stops); or the connection lost while the message was on its way (outcome unknown: never resent by
 * itself). Real SMTP on loopback: nodemailer to smtp-server.
 */
const MESSAGE: MailMessage = {
  from: 'Shop <invoices@shop.example.test>',
  to: 'ann.lee@example.com',
  bcc: 'books@shop.example.test',
  subject: 'Invoice 7',
  text: 'Dear Ann Lee',
  attachments: [{ filename: 'invoice-7.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n'), contentType: 'application/pdf' }],
};

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Clients before the servers they are connected to.
  for (const close of closers.splice(0).reverse()) await close();
});

async function sink(): Promise<SmtpSink> {
  const started = await startSmtpSink();
  closers.push(() => started.close());
  return started;
}

/** An SMTP server with its own behaviour, on a free loopback port. */
async function server(options: ConstructorParameters<typeof SMTPServer>[0]): Promise<number> {
  const smtp = new SMTPServer({ disabledCommands: ['STARTTLS'], authOptional: true, logger: false, ...options });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
  return (smtp.server.address() as AddressInfo).port;
}

function mailer(port: number, login: { user?: string; password?: string } = {}) {
  const made = createMailer({ host: '127.0.0.1', port, secure: false, ...login });
  closers.push(() => made.close());
  return made;
}

async function failure(send: Promise<unknown>): Promise<MailError> {
  const error = await send.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe('mailer', () => {
  it('sends the mail with its PDF and bcc, logged in when the server asks', async () => {
    const received = await sink();
    await mailer(received.port, { user: received.user, password: received.password }).send(MESSAGE);
    expect(received.received).toHaveLength(1);
    expect(received.received[0]!.to).toEqual(['ann.lee@example.com', 'books@shop.example.test']);
    expect(received.received[0]!.raw).toMatch(/Content-Type: application\/pdf; name=invoice-7\.pdf/);
    expect(received.received[0]!.raw).not.toMatch(/^Bcc:/m);
  });

  it('a refused login or an unreachable server is systemic (the run stops, exit 3), naming the keys to check', async () => {
    const received = await sink();
    const login = await failure(mailer(received.port, { user: received.user, password: 'wrong' }).send(MESSAGE));
    expect(login).toMatchObject({ systemic: true, outcomeUnknown: false, exitCode: 3 });
    expect(login.hint).toContain('smtp.password');
    const closed = await server({});
    closers.splice(-1, 1)[0]!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const unreachable = await failure(mailer(closed).send(MESSAGE));
    expect(unreachable).toMatchObject({ systemic: true, outcomeUnknown: false });
    expect(unreachable.hint).toContain('smtp.host');
  });

  it('a recipient the server refuses fails that mail alone: nothing was sent', async () => {
    const port = await server({
      onRcptTo(address, _session, callback) {
        callback(address.address === 'ann.lee@example.com' ? Object.assign(new Error('No such user'), { responseCode: 550 }) : undefined);
      },
    });
    const refused = await failure(mailer(port).send({ ...MESSAGE, bcc: undefined }));
    expect(refused).toMatchObject({ systemic: false, outcomeUnknown: false, exitCode: 1 });
    expect(refused.message).toContain('No such user');
    // With a bcc the server takes, the mail went to the bcc only: still refused for the customer.
    const partly = await failure(mailer(port).send(MESSAGE));
    expect(partly).toMatchObject({ systemic: false, outcomeUnknown: false });
    expect(partly.message).toContain('refused the recipient ann.lee@example.com');
  });

  it('a connection lost while the message is on its way is an unknown outcome', async () => {
    // A server that takes the whole message, then drops the connection instead of answering 250.
    const dropping = createServer((socket) => {
      let data = false;
      socket.write('220 sink ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (data) {
          if (text.includes('\r\n.\r\n')) socket.destroy();
          return;
        }
        if (/^DATA/m.test(text)) {
          data = true;
          socket.write('354 go ahead\r\n');
        } else if (/^(EHLO|HELO)/m.test(text)) socket.write('250 sink\r\n');
        else socket.write('250 ok\r\n');
      });
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', () => resolve()));
    closers.push(() => new Promise<void>((resolve) => dropping.close(() => resolve())));
    const lost = await failure(mailer((dropping.address() as AddressInfo).port).send(MESSAGE));
    expect(lost).toMatchObject({ systemic: false, outcomeUnknown: true });
    expect(lost.message).toContain('may or may not have been sent');
  });
});
