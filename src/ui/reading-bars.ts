import { MultiBar, Presets } from 'cli-progress';

/**
 * cli-progress's bars in reconcile's format, one per system read. Its own module, imported on demand,
 * so a run without a TTY never loads cli-progress (imported statically here: a bundle keeps a
 * CommonJS package's named exports only for static imports).
 */
export function createReadingBars(stream: NodeJS.WritableStream): MultiBar {
  return new MultiBar({ stream, format: 'reading {system} [{bar}] {value} records', barsize: 16, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
}
