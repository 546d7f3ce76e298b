import * as z from 'zod';
import { tokenUrl } from './fields.js';

/** `07:00`: a time of day on a 24-hour clock, in the business time zone (config `timezone`). */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/**
 * Notifications (README, "Notifications"): where failures, recoveries and the daily report go.
 * A webhook (Slack-compatible or plain JSON) and/or e-mail through the `smtp` section.
 */
export const notifySection = z
  .strictObject({
    webhook: z
      .strictObject({
        // A Slack incoming-webhook URL is itself the credential: https only (http to loopback, the sandbox's receiver).
        url: tokenUrl.meta({
          description: 'Where notices are POSTed. A Slack incoming webhook URL is a secret: take it from the environment.',
          examples: ['${NOTIFY_WEBHOOK_URL}'],
        }),
        format: z.enum(['slack', 'json']).default('slack').meta({
          description: 'slack: a Slack-compatible body {text, blocks}; json: a plain JSON body with every record.',
          examples: ['slack'],
        }),
      })
      .optional()
      .meta({ description: 'A webhook that receives every notice.' }),
    email: z
      .strictObject({
        to: z.union([z.email(), z.array(z.email()).min(1)]).meta({ description: 'Who gets the notices: one address or a list.', examples: ['ops@example.com'] }),
        from: z.email().meta({ description: 'The sender address (one the smtp server may send as).', examples: ['iex-sync@example.com'] }),
      })
      .optional()
      .meta({ description: 'E-mail notices, sent through the smtp section.' }),
    downAfterMinutes: z.number().int().min(1).max(10_080).default(30).meta({
      description: 'A system unreachable (or answering 5xx) for this long makes one notice; refused credentials make one at once.',
      examples: [30],
    }),
    daily: z
      .string()
      .regex(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. "07:00"' })
      .optional()
      .meta({
        description:
          'Send a daily report, by the first run after this time (business time zone): transfers per flow in the last 24 h, failures open, oldest unresolved, checkpoints lagging.',
        examples: ['07:00'],
      }),
  })
  .meta({ description: 'Where notices go; with neither webhook nor email, nobody is told (iex-sync doctor warns).' });

export type NotifySettings = z.output<typeof notifySection>;
