import { z } from 'zod';
import { fromEnv } from './fields.js';

/** The mail server e-mail goes out through (notify.email). */
export const smtpSection = z.strictObject({
  host: z.string().min(1).meta({ description: 'SMTP server host name.', examples: ['smtp.example.com'] }),
  port: z.number().int().min(1).max(65_535).default(587).meta({ description: 'SMTP port: 587 (STARTTLS) or 465 (TLS from the start).', examples: [587] }),
  secure: z.boolean().default(false).meta({
    description: 'true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it (port 587).',
    examples: [false],
  }),
  user: z.string().min(1).optional().meta({ description: 'SMTP user name, when the server asks for one.', examples: ['${SMTP_USER}'] }),
  password: fromEnv('SMTP_PASSWORD', 'SMTP password.').optional(),
});

export type SmtpSettings = z.output<typeof smtpSection>;
