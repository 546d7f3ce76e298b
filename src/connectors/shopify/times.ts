/** Shopify's times are whole seconds; flooring keeps `>=` inclusive of `since`. */
export function wholeSecondsIso(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
