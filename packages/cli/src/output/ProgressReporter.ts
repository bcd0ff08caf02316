import { MultiBar, Presets, SingleBar } from 'cli-progress';
import { CliOutput } from '../framework/CliIo';

/** The counts shown beside the progress; the engine's `RunCounts` fit. */
export interface ProgressCounts {
  upserted: number;
  unchanged: number;
  failed: number;
}

/**
 * Where a sync tells how far it is: a redrawn bar on a terminal, plain lines (one per step) in a CI log.
 * `log` prints a line without breaking the bar.
 */
export interface ProgressReporter {
  /** A new phase over `total` items (`undefined` when unknown). */
  phase(name: string, total: number | undefined): void;
  update(processed: number, counts?: ProgressCounts): void;
  log(line: string): void;
  stop(): void;
}

const EMPTY: ProgressCounts = { upserted: 0, unchanged: 0, failed: 0 };

class BarReporter implements ProgressReporter {
  private readonly multibar: MultiBar;
  private bar?: SingleBar;
  private counts = EMPTY;

  constructor(stream: CliOutput) {
    this.multibar = new MultiBar(
      {
        stream: stream as unknown as NodeJS.WritableStream,
        format:
          // Fits 80 columns with 10,000s of entities; the summary after the run has every count.
          '{phase} |{bar}| {value}/{total} | {upserted} upserted, {failed} failed | {duration_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        fps: 10,
        barsize: 20,
      },
      Presets.shades_classic,
    );
  }

  phase(name: string, total: number | undefined): void {
    this.bar?.stop();
    this.bar = this.multibar.create(total ?? 0, 0, {
      phase: name.padEnd(7),
      ...this.counts,
    });
  }

  update(processed: number, counts?: ProgressCounts): void {
    this.counts = counts ?? this.counts;
    if (this.bar && processed > this.bar.getTotal()) {
      this.bar.setTotal(processed);
    }
    this.bar?.update(processed, { ...this.counts });
  }

  log(line: string): void {
    this.multibar.log(`${line}\n`);
  }

  stop(): void {
    this.multibar.stop();
  }
}

class LineReporter implements ProgressReporter {
  private name = '';
  private total: number | undefined;
  private last = '';

  constructor(private readonly stream: CliOutput) {}

  phase(name: string, total: number | undefined): void {
    this.name = name;
    this.total = total;
  }

  update(processed: number, counts?: ProgressCounts): void {
    const of = this.total === undefined ? '' : `/${this.total}`;
    const tail = counts
      ? `: ${counts.upserted} upserted, ${counts.unchanged} unchanged, ${counts.failed} failed`
      : '';
    const line = `${this.name} ${processed}${of}${tail}`;
    if (line !== this.last) {
      this.stream.write(`${line}\n`);
      this.last = line;
    }
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {}
}

/** A bar when `stream` is a terminal, plain lines otherwise. */
export function createProgressReporter(stream: CliOutput): ProgressReporter {
  return stream.isTTY ? new BarReporter(stream) : new LineReporter(stream);
}
