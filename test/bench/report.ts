/**
 * How every benchmark prints a figure: `name: value unit (target …, PASS|MISS)`, and a process
 * that exits 1 when any figure missed its target (run.ts counts the exit codes).
 */
let missed = 0;

export function report(name: string, value: number, unit: string, target: string, pass: boolean, digits = 0): void {
  if (!pass) missed += 1;
  process.stdout.write(`${name}: ${value.toFixed(digits)} ${unit} (target ${target}, ${pass ? 'PASS' : 'MISS'})\n`);
}

/** A figure with no target of its own, printed for context. */
export function note(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Sets the exit code from what was reported: 1 when anything missed. */
export function finish(): void {
  if (missed > 0) note(`${missed} figure${missed === 1 ? '' : 's'} missed ${missed === 1 ? 'its target' : 'their targets'}`);
  process.exitCode = missed > 0 ? 1 : 0;
}
