import * as z from 'zod';
import { tokenUrl, fromEnv } from './fields.js';

export const economicSection = z.strictObject({
  url: tokenUrl.default('https://restapi.e-conomic.com').meta({
    description: 'e-conomic REST API base URL.',
    examples: ['https://restapi.e-conomic.com'],
  }),
  appSecretToken: fromEnv('ECONOMIC_APP_SECRET_TOKEN', 'X-AppSecretToken: identifies the app (developer agreement, "Apps" tab).'),
  agreementGrantToken: fromEnv('ECONOMIC_AGREEMENT_GRANT_TOKEN', 'X-AgreementGrantToken: the grant the customer gave when installing the app.'),
});
