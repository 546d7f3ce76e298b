import * as z from 'zod';
import { isKnownTimeZone } from '../../domain/time.js';


export const timeZoneSetting = z
  .string()
  .refine(isKnownTimeZone, { message: 'is not a time zone this system knows (use an IANA name such as Europe/Copenhagen)' });

/** The top-level keys every command may use: where the store lives and the business time zone. */
export const generalSettings = {
  store: z.string().min(1).default('./iex-sync.db').meta({
    description: 'The SQLite store (transfer log, links, checkpoints). Relative paths resolve against this file\'s folder.',
    examples: ['./iex-sync.db'],
  }),
  timezone: timeZoneSetting.default('Europe/Copenhagen').meta({
    description: 'Business time zone for document dates (an order paid at 00:30 on 1 January lands in the new year).',
    examples: ['Europe/Copenhagen'],
  }),
};
