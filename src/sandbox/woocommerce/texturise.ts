/** WordPress texturises item names: an en dash is sent as `&ndash;` (WooCommerce REST API docs, Orders). */
export function encodeEntities(name: string): string {
  return name.replace(/&/g, '&amp;').replace(/\u2013/g, '&ndash;').replace(/\u2014/g, '&mdash;');
}
