import type { LabelValues } from 'prom-client';

/**
 * The series of one metric, one object for each distinct set of label values, made on first sight
 * and kept. A batch hands prom-client the label object of the series, always the same one, so no
 * caller has to keep label objects of its own for the batching to work.
 */
export class SeriesByLabels<T extends string, Series> {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly labelNames: readonly T[],
    private readonly make: (labels: LabelValues<T>) => Series,
  ) {}

  /** The series of these label values; only the metric's own label names are read. */
  of(labels: LabelValues<T>): Series {
    const values = this.labelNames.map((name) => labels[name] ?? null);
    // JSON keeps 1 and "1", and a missing label and an empty one, apart.
    const key = JSON.stringify(values);
    let found = this.series.get(key);
    if (found === undefined) {
      const own: LabelValues<T> = {};
      this.labelNames.forEach((name, index) => {
        const value = values[index];
        if (value !== null && value !== undefined) own[name] = value;
      });
      found = this.make(Object.freeze(own));
      this.series.set(key, found);
    }
    return found;
  }

  all(): IterableIterator<Series> {
    return this.series.values();
  }
}
