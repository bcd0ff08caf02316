import type { RunLog, RunRecord } from '../RunLog';
import { compare } from './order';

/** The run log in memory; same semantics as the knex one. @public */
export class MemoryRunLog implements RunLog {
  private runs: RunRecord[] = [];

  /** Every run, for a snapshot. */
  snapshot(): RunRecord[] {
    return this.runs.map(run => structuredClone(run));
  }

  restore(runs: RunRecord[]): void {
    this.runs = runs.map(run => structuredClone(run));
  }

  async saveRun(run: RunRecord): Promise<void> {
    const copy = structuredClone(run);
    const index = this.runs.findIndex(existing => existing.id === run.id);
    if (index >= 0) this.runs[index] = copy;
    else this.runs.push(copy);
  }

  async listRuns(limit: number): Promise<RunRecord[]> {
    return this.newestRuns()
      .slice(0, limit)
      .map(run => structuredClone(run));
  }

  async pruneRuns(keep: number): Promise<void> {
    const kept = new Set(
      this.newestRuns()
        .slice(0, keep)
        .map(run => run.id),
    );
    this.runs = this.runs.filter(run => kept.has(run.id));
  }

  async closeInterrupted(silentSince: number, now: number): Promise<string[]> {
    const closed: string[] = [];
    for (const run of this.runs) {
      const lastSign = Date.parse(run.heartbeatAt ?? run.startedAt);
      if (run.status !== 'running' || lastSign >= silentSince) continue;
      run.status = 'failed';
      run.finishedAt = new Date(now).toISOString();
      closed.push(run.id);
    }
    return closed;
  }

  private newestRuns(): RunRecord[] {
    return [...this.runs].sort(
      (a, b) =>
        Date.parse(b.startedAt) - Date.parse(a.startedAt) ||
        compare(b.id, a.id),
    );
  }
}
