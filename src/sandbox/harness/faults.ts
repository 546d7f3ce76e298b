import { compilePattern, type RoutePattern } from './route-pattern.js';
import type { FaultRule, SimMethod } from './types.js';

interface ActiveFault {
  rule: FaultRule;
  method: string;
  matches: RoutePattern;
  remaining: number | undefined;
}

/**
 * The faults injected into a simulator, per route pattern. A rule with `times` hits the next N
 * matching requests and then expires; one with `probability` hits each match with that chance,
 * drawn from the simulator's seeded random source; one with neither hits every match.
 */
export class FaultBook {
  private faults: ActiveFault[] = [];

  constructor(private readonly random: () => number) {}

  add(rule: FaultRule): void {
    const [first, second] = rule.match.trim().split(/\s+/, 2);
    const method = second === undefined ? '*' : (first ?? '*').toUpperCase();
    const pattern = second ?? first ?? '*';
    this.faults.push({ rule, method, matches: compilePattern(pattern), remaining: rule.times });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The rules that hit this request, in the order they were added: any latency rules, then at most
   * one rule that answers or cuts the connection. Only the rules returned use up their `times`.
   */
  hit(method: SimMethod, path: string): FaultRule[] {
    const hits: FaultRule[] = [];
    for (const fault of this.faults) {
      if (fault.method !== '*' && fault.method !== method) continue;
      if (!fault.matches(path)) continue;
      if (fault.rule.probability !== undefined && this.random() >= fault.rule.probability) continue;
      if (fault.remaining !== undefined) fault.remaining -= 1;
      hits.push(fault.rule);
      if (fault.rule.kind !== 'latency') break;
    }
    this.faults = this.faults.filter((fault) => fault.remaining === undefined || fault.remaining > 0);
    return hits;
  }
}
