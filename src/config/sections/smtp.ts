import * as z from 'zod';
import { fromEnv } from './fields.js';

/** The mail server invoice mails go out through (`orders.invoice.mail`). Secrets as `${ENV}`. */
export const smtpSection = z
  .strictObject({
    host: z.string().min(1).meta({ description: 'SMTP server host name.', examples: ['smtp.example.com'] }),
    port: z.number().int().min(1).max(65_535).default(587).meta({
      description: 'SMTP port: 587 (submission, STARTTLS) or 465 (TLS from the start, with secure: true).',
      examples: [587],
    }),
    secure: z.boolean().default(false).meta({
      description: 'TLS from the first byte (port 465). When false, STARTTLS is used whenever the server offers it.',
      examples: [false],
    }),
    user: z.string().min(1).optional().meta({ description: 'SMTP user name, if the server wants one.', examples: ['${SMTP_USER}'] }),
    password: fromEnv('SMTP_PASSWORD', 'SMTP password (with user).').optional(),
  })
  .superRefine((smtp, context) => {
    if (smtp.user !== undefined && smtp.password === undefined) {
      context.addIssue({ code: 'custom', path: ['password'], input: undefined, message: 'with user', params: { missing: true } });
    }
  });

export type SmtpSettings = z.output<typeof smtpSection>;
