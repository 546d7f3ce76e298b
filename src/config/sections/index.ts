import type * as z from 'zod';
import { SECTION_NAMES, type SectionName } from '../section-names.js';
import { economicSection } from './economic.js';
import { notifySection } from './notify.js';
import { ordersSection } from './orders.js';
import { productsSection } from './products.js';
import { rackbeatSection } from './rackbeat.js';
import { smtpSection } from './smtp.js';
import { stockSection } from './stock.js';
import { webshopSection } from './webshop.js';

/**
 * The config's sections, each in its own file. A command asks for the sections it uses; a new
 * section (e.g. a flow's settings) is one file and one line here.
 */
export const configSections = {
  webshop: webshopSection,
  rackbeat: rackbeatSection,
  economic: economicSection,
  orders: ordersSection,
  products: productsSection,
  stock: stockSection,
  notify: notifySection,
  smtp: smtpSection,
} satisfies Record<SectionName, z.ZodType>;

export { SECTION_NAMES, type SectionName };
