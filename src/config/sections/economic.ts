import { z } from 'zod';
import { httpUrl } from './url.js';

export const economicSection = z.strictObject({
  url: httpUrl.default('https://restapi.e-conomic.com').meta({
    description: 'e-conomic REST API base URL.',
    examples: ['https://restapi.e-conomic.com'],
  }),
  appSecretToken: z.string().min(1).meta({
    description: 'X-AppSecretToken: identifies the app (developer agreement, "Apps" tab).',
    examples: ['${ECONOMIC_APP_SECRET_TOKEN}'],
  }),
  agreementGrantToken: z.string().min(1).meta({
    description: 'X-AgreementGrantToken: the grant the customer gave when installing the app.',
    examples: ['${ECONOMIC_AGREEMENT_GRANT_TOKEN}'],
  }),
});
