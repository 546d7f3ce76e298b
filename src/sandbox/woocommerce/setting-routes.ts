import type { SimRoute } from '../harness/types.js';
import { guarded, WooSimError } from './errors.js';
import type { WooSimState } from './state.js';

/**
 * `GET /settings/{group}/{id}` (WooCommerce REST API docs, Setting options): one option with its
 * current `value` (`yes`/`no` for a radio like prices-include-tax). Only the tax group's
 * prices-include-tax option is modelled; any other is refused as WooCommerce refuses an unknown one.
 */
export function settingRoutes(state: WooSimState, base: string): SimRoute[] {
  return [
    {
      method: 'GET',
      pattern: `${base}/settings/:group/:id`,
      handler: guarded((request) => {
        if (request.params.group !== 'tax') throw new WooSimError(404, 'rest_setting_setting_group_invalid', 'Invalid setting group.');
        if (request.params.id !== 'woocommerce_prices_include_tax') throw new WooSimError(404, 'rest_setting_setting_invalid', 'Invalid setting.');
        return {
          status: 200,
          body: {
            id: 'woocommerce_prices_include_tax',
            label: 'Prices entered with tax',
            description: '',
            type: 'radio',
            default: 'no',
            options: { yes: 'Yes, I will enter prices inclusive of tax', no: 'No, I will enter prices exclusive of tax' },
            tip: 'This option is important as it will affect how you input prices. Changing it will not update existing products.',
            value: state.settings.pricesIncludeTax ? 'yes' : 'no',
            group_id: 'tax',
          },
        };
      }),
    },
  ];
}
