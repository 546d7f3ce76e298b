import { z } from 'zod';

/** An http(s) URL: the real systems use https, the local simulators http on loopback. */
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** A setting that comes from the environment (secrets, ids): its example is the ${VARIABLE} to write. */
export function fromEnv(variable: string, description: string) {
  return z.string().min(1).meta({ description, examples: [`\${${variable}}`] });
}
