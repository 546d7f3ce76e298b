/**
 * Fault points (protocol step 11): named moments where a crash test makes the process kill
 * itself with SIGKILL, e.g. `IEX_SYNC_FAULT=after-create:rackbeat-order@3` (the 3rd time that point
 * is reached; several points separated by commas). Points the engine has, per step or leg name:
 * after-intent, after-create, before-commit, after-commit, after-update, after-state-change,
 * after-checkpoint. Unset, a point costs one comparison.
 */
const armed = parseFaultSpec(process.env.IEX_SYNC_FAULT);

export function faultPoint(name: string): void {
  if (armed === undefined) return;
  const left = armed.get(name);
  if (left === undefined) return;
  if (left > 1) {
    armed.set(name, left - 1);
    return;
  }
  process.kill(process.pid, 'SIGKILL');
}

/** `point@n,point2` → remaining hits per point (n defaults to 1). */
export function parseFaultSpec(spec: string | undefined): Map<string, number> | undefined {
  if (!spec) return undefined;
  const points = new Map<string, number>();
  for (const part of spec.split(',').map((text) => text.trim()).filter(Boolean)) {
    const at = part.lastIndexOf('@');
    const count = at === -1 ? 1 : Number(part.slice(at + 1));
    if (!Number.isInteger(count) || count < 1) throw new Error(`IEX_SYNC_FAULT: "${part}" needs a positive count after @`);
    points.set(at === -1 ? part : part.slice(0, at), count);
  }
  return points;
}
