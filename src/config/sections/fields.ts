import * as z from 'zod';

/** An http(s) URL: the real systems use https, the local simulators http on loopback. */
export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** Loopback hosts, where plain http:// never leaves the machine (the sandbox's simulators). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether credentials sent to this URL stay off the wire in clear: https, or http to loopback. */
export function keepsCredentialsSafe(url: string): boolean {
  if (!URL.canParse(url)) return true; // httpUrl names what is wrong with it.
  return url.toLowerCase().startsWith('https://') || isLoopbackUrl(url);
}

export const CLEAR_TEXT_MESSAGE =
  'must start with https://: over http:// the credentials would travel in clear (http:// is allowed only to 127.0.0.1, localhost or [::1], e.g. the sandbox)';

/** The URL of a system that takes a token in a header (Rackbeat, e-conomic, Shopify): https, or http only to loopback. */
export const tokenUrl = httpUrl.refine(keepsCredentialsSafe, { message: CLEAR_TEXT_MESSAGE });

/** A setting that comes from the environment (secrets, ids): its example is the ${VARIABLE} to write. */
export function fromEnv(variable: string, description: string) {
  return z.string().min(1).meta({ description, examples: [`\${${variable}}`] });
}

/** Every flow section's pause switch: a section present runs unless it says `enabled: false` (`iex-sync run` skips it with one line). */
export const flowEnabled = z.boolean().default(true).meta({
  description: 'Whether `iex-sync run` runs this flow; false pauses it (the section stays, nothing is transferred) until set back.',
  examples: [true],
});
