import { MultiBar, Presets } from 'cli-progress';

/**
 * cli-progress's bars in our format. Its own module, imported on demand, so a run without a TTY
 * never loads cli-progress (a package is imported statically here: a bundle keeps a CommonJS
 * package's named exports only for static imports).
 */
export function createMultiBar(stream: NodeJS.WritableStream): MultiBar {
  return new MultiBar(
    { stream, format: '{leg} [{bar}] {value} records | {counts}', barsize: 16, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
}
