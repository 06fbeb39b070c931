import type { ContactRow } from './contact-row.js';

/**
 * Which rows of a list or campaign to read. Rows are numbered by their stored position, 0 for the
 * first, with no gaps, so a page starts where the previous one ended whatever was written meanwhile.
 */
export interface RowPageQuery {
  /** The position of the first row to read. */
  readonly fromPosition: number;
  /** The most rows to read, at least 1. */
  readonly limit: number;
}

/** A summary and a page of its rows, read in one consistent step. */
export interface RowPage<Summary> {
  readonly summary: Summary;
  /** The rows from the query's position on, in stored order; fewer than asked at the end. */
  readonly rows: readonly ContactRow[];
}
