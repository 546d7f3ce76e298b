/**
 * The products flow's legs and steps by name: links, checkpoints, fault points and `history` know
 * them so. Links are keyed by leg, not flow, so the names differ from the order flow's legs.
 */
export const PRODUCT_LEGS = {
  webshopRackbeat: 'webshop-rackbeat-products',
  rackbeatEconomic: 'rackbeat-economic-products',
} as const;

export const PRODUCT_STEPS = {
  rackbeatProduct: 'rackbeat-product',
  economicProduct: 'economic-product',
} as const;
