import { FaultConfig, FaultRule } from '../types';

export interface FaultDecision {
  rule: FaultRule;
  latencyMs: number;
}

/**
 * Test-installed faults, tried in order; the first rule whose method, path and
 * rate match (and whose `times` budget is left) decides the request's fate.
 */
export class FaultInjector {
  private rules: { rule: FaultRule; pattern?: RegExp; used: number }[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  set(config: FaultConfig): void {
    this.rules = config.rules.map(rule => ({
      rule,
      pattern: rule.path === undefined ? undefined : new RegExp(rule.path),
      used: 0,
    }));
  }

  reset(): void {
    this.rules = [];
  }

  config(): FaultConfig & { used: number[] } {
    return {
      rules: this.rules.map(entry => entry.rule),
      used: this.rules.map(entry => entry.used),
    };
  }

  match(method: string, path: string): FaultDecision | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase())
        continue;
      if (entry.pattern && !entry.pattern.test(path)) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (this.random() >= (rule.rate ?? 1)) continue;
      entry.used += 1;
      return { rule, latencyMs: rule.latencyMs ?? 0 };
    }
    return undefined;
  }
}
