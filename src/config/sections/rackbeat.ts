import * as z from 'zod';
import { timeZoneSetting } from './general.js';
import { tokenUrl, fromEnv } from './fields.js';

export const rackbeatSection = z.strictObject({
  url: tokenUrl.default('https://app.rackbeat.com/api').meta({
    description: 'Rackbeat API base URL.',
    examples: ['https://app.rackbeat.com/api'],
  }),
  apiKey: fromEnv('RACKBEAT_API_KEY', 'Rackbeat API key (Company settings → API), sent as a bearer token.'),
  // Rackbeat writes times without a zone ("2025-02-10 05:13:05" in the Rackbeat API docs' webhook examples).
  timezone: timeZoneSetting.default('Europe/Copenhagen').meta({
    description: 'The zone Rackbeat\'s zone-less times are in.',
    examples: ['Europe/Copenhagen'],
  }),
});
