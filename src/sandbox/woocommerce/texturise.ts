/** WordPress texturises item names: an en dash is sent as `&ndash;` (facts §9). */
export function encodeEntities(name: string): string {
  return name.replace(/&/g, '&amp;').replace(/\u2013/g, '&ndash;').replace(/\u2014/g, '&mdash;');
}
