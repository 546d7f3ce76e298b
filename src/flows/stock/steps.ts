/** The stock flow's leg and step by name: links, checkpoints and `history` know them so. */
export const STOCK_LEG = 'rackbeat-webshop';
export const STOCK_STEP = 'webshop-stock';
