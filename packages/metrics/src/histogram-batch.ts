import { Histogram, type HistogramConfiguration, type LabelValues } from 'prom-client';
import { SeriesByLabels } from './series-by-labels.js';

/** Observations kept before they are handed to prom-client: a bound on the memory they wait in. */
const BATCH_SIZE = 1_024;

/** One series of a {@link HistogramBatch}, its labels fixed: what a hot path keeps and observes into. */
export interface HistogramSeries {
  observe(value: number): void;
}

/**
 * A prom-client histogram observed on a request's path. An observation is written into a buffer,
 * and the buffer is handed to the histogram when it fills and before the histogram is read (its
 * `collect`, which every scrape calls), so what a scrape exposes is exact while a request never
 * pays for prom-client's check and hash of labels and its search for the bucket.
 */
export class HistogramBatch<T extends string> {
  readonly histogram: Histogram<T>;
  private readonly series: SeriesByLabels<T, HistogramSeries>;
  private readonly labels: LabelValues<T>[] = [];
  private readonly values = new Float64Array(BATCH_SIZE);
  private waiting = 0;

  constructor(configuration: Omit<HistogramConfiguration<T>, 'collect'>) {
    this.histogram = new Histogram<T>({ ...configuration, collect: () => this.flush() });
    this.series = new SeriesByLabels<T, HistogramSeries>(configuration.labelNames ?? [], (labels) => ({
      observe: (value) => this.add(labels, value),
    }));
  }

  /** The series of these labels, to keep where the same series is observed again and again. */
  seriesOf(labels: LabelValues<T>): HistogramSeries {
    return this.series.of(labels);
  }

  observe(labels: LabelValues<T>, value: number): void {
    this.series.of(labels).observe(value);
  }

  private add(labels: LabelValues<T>, value: number): void {
    this.labels[this.waiting] = labels;
    this.values[this.waiting] = value;
    this.waiting += 1;
    if (this.waiting === BATCH_SIZE) this.flush();
  }

  private flush(): void {
    for (let index = 0; index < this.waiting; index += 1) {
      this.histogram.observe(this.labels[index] as LabelValues<T>, this.values[index] as number);
    }
    this.waiting = 0;
  }
}
