/** How `reconcile` can print its report. Its own light module: the command's options name them without loading the report's code. */
export const RECONCILE_FORMATS = ['table', 'json', 'csv'] as const;
export type ReconcileFormat = (typeof RECONCILE_FORMATS)[number];
