/** The flows there are, by the name the log, checkpoints and `--flow` use. Light: `--help` lists them without loading a flow. */
export const FLOW_NAMES = ['orders', 'products', 'stock'] as const;

export type FlowName = (typeof FLOW_NAMES)[number];
