import type { Minor } from '../../src/domain/money.js';
import type { RackbeatSimState } from '../../src/sandbox/rackbeat/state.js';

/** Adds `count` plain products `PREFIX-00000`… in group 1, straight into the simulator's state. */
export function addBulkProducts(state: RackbeatSimState, count: number, prefix = 'BULK'): void {
  for (let index = 0; index < count; index += 1) {
    state.createProduct({
      number: `${prefix}-${String(index).padStart(5, '0')}`,
      name: `${prefix} ${index}`,
      description: '',
      barcode: null,
      groupNumber: 1,
      salesPrice: 1_000 as Minor,
      costPrice: 400 as Minor,
      stockQuantity: 10,
      isBarred: false,
    });
  }
}
