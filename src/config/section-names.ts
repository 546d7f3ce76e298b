/**
 * The config's sections by name, without their schemas: code that only needs the names (the
 * loader, for commands that use no section) must not load zod. sections/index.ts holds the schemas
 * and the compiler checks that both name the same sections.
 */
export const SECTION_NAMES = ['webshop', 'rackbeat', 'economic', 'orders', 'products', 'stock', 'notify', 'smtp'] as const;

export type SectionName = (typeof SECTION_NAMES)[number];
