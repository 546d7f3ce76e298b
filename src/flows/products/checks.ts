import type { ProductsSettings } from '../../config/sections/products.js';
import type { EconomicClient } from '../../connectors/economic/client.js';
import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import { checking, numbersExist, type CheckResult } from '../checks.js';

interface ProductsCheckContext {
  connections: { rackbeat: RackbeatClient; economic: EconomicClient };
  settings: ProductsSettings;
}

/**
 * What the products flow's config names, checked in the systems (read only): the Rackbeat product
 * group and the e-conomic product group (and unit) new products get. A number that does not exist
 * would stop the leg at its first create.
 */
export async function productsChecks({ connections: { rackbeat, economic }, settings }: ProductsCheckContext): Promise<CheckResult[]> {
  const { unitNumber } = settings.economic;
  const groups = await Promise.all([
    checking('products.rackbeat.groupNumber', async () =>
      numbersExist('Rackbeat', 'product group', [{ key: 'products.rackbeat.groupNumber', number: settings.rackbeat.groupNumber }], (await rackbeat.productGroups()).map((group) => [group.number, group.name]), 'Products → Product groups'),
    ),
    checking('products.economic.productGroupNumber', async () =>
      numbersExist('e-conomic', 'product group', [{ key: 'products.economic.productGroupNumber', number: settings.economic.productGroupNumber }], (await economic.productGroups()).map((group) => [group.productGroupNumber, group.name]), 'Settings → Product groups'),
    ),
    ...(unitNumber === undefined
      ? []
      : [checking('products.economic.unitNumber', async () => numbersExist('e-conomic', 'unit', [{ key: 'products.economic.unitNumber', number: unitNumber }], (await economic.units()).map((unit) => [unit.unitNumber, unit.name]), 'Settings → Units'))]),
  ]);
  return groups.flat();
}
