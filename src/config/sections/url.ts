import { z } from 'zod';

/** An http(s) URL: the real systems use https, the local simulators http on loopback. */
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
