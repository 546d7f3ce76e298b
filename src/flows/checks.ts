/**
 * One line of `iex-sync doctor`: what was checked, what was found and, when it is wrong, how to
 * fix it. Flows offer the checks of what their config names (FlowDefinition.checks); the doctor
 * service adds the config, the systems, their clocks and the store.
 */
export interface CheckResult {
  /** What was checked, naming its config key where there is one: `orders.layoutNumber 19`. */
  name: string;
  /** failed: a run would fail or do harm; warning: to look at, not failing `doctor`. */
  status: 'ok' | 'failed' | 'warning';
  /** What was found: `e-conomic layout "Standard"`. */
  detail: string;
  /** How to fix it (failed and warning). */
  fix?: string | undefined;
  /** The exit code a failure means: 2 for config and setup (the default), 3 for a system that refused or is unreachable. */
  exitCode?: number | undefined;
}

export function passed(name: string, detail: string): CheckResult {
  return { name, status: 'ok', detail };
}

export function failed(name: string, detail: string, fix: string, exitCode?: number): CheckResult {
  return { name, status: 'failed', detail, fix, exitCode };
}

export function warned(name: string, detail: string, fix: string): CheckResult {
  return { name, status: 'warning', detail, fix };
}

/** Runs a check that reads a system; a refusal or an unreachable system becomes its failed line (exit 3 or the error's own). */
export async function checking(name: string, check: () => Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> {
  try {
    const result = await check();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = (error as { hint?: unknown } | null)?.hint;
    const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
    return [failed(name, `could not check: ${message}`, typeof hint === 'string' ? hint : 'run doctor again once the system answers', typeof exitCode === 'number' ? exitCode : 3)];
  }
}

/** A number the config gives (`orders.layoutNumber` 19), to be found among a system's reference data. */
export interface NamedNumber {
  key: string;
  number: number;
}

/** Each wanted number found among `known` (number, name) of `system`, or a failed line naming its key, what exists and where to create it. */
export function numbersExist(system: string, what: string, wanted: readonly NamedNumber[], known: ReadonlyArray<[number, string]>, where: string): CheckResult[] {
  const names = new Map(known);
  const list = known.map(([number, name]) => `${number} ${name}`).join(', ');
  return wanted.map(({ key, number }) => {
    const name = names.get(number);
    return name !== undefined
      ? passed(`${key} ${number}`, `${system} ${what} "${name}"`)
      : failed(`${key} ${number}`, `${system} has no ${what} ${number}`, `set ${key} to one that exists (${list || 'none yet'}), or create it in ${system} under ${where}`);
  });
}
