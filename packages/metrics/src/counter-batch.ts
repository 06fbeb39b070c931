import { Counter, type CounterConfiguration, type LabelValues } from 'prom-client';
import { SeriesByLabels } from './series-by-labels.js';

/** One series of a {@link CounterBatch}, its labels fixed: what a hot path keeps and adds to. */
export interface CounterSeries {
  inc(by?: number): void;
}

class PendingCount<T extends string> implements CounterSeries {
  count = 0;

  constructor(readonly labels: LabelValues<T>) {}

  inc(by = 1): void {
    this.count += by;
  }
}

/**
 * A prom-client counter added to on a request's path. Counts wait on the series they belong to
 * and are handed to the counter when it is read (its `collect`, which every scrape calls), so what
 * a scrape exposes is exact while a request never pays for prom-client's check and hash of labels.
 */
export class CounterBatch<T extends string> {
  private readonly series: SeriesByLabels<T, PendingCount<T>>;

  constructor(configuration: Omit<CounterConfiguration<T>, 'collect'>) {
    const series = new SeriesByLabels<T, PendingCount<T>>(
      configuration.labelNames ?? [],
      (labels) => new PendingCount(labels),
    );
    this.series = series;
    new Counter<T>({
      ...configuration,
      collect() {
        for (const pending of series.all()) {
          if (pending.count === 0) continue;
          this.inc(pending.labels, pending.count);
          pending.count = 0;
        }
      },
    });
  }

  /** The series of these labels, to keep where the same series is added to again and again. */
  seriesOf(labels: LabelValues<T>): CounterSeries {
    return this.series.of(labels);
  }

  inc(labels: LabelValues<T>, by = 1): void {
    this.series.of(labels).inc(by);
  }
}
