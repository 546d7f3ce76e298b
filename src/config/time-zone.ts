/** True when the runtime knows this IANA zone (e.g. Europe/Copenhagen). Kept free of zod: the light config check uses it too. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
