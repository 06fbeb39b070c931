/** One thing wrong with a CSV file, where a person looking at the file finds it. */
export interface FileProblem {
  /** The physical line (the header is line 1) where the record starts; null for the file as a whole. */
  readonly line: number | null;
  /** The column's name as the header writes it (clipped when long), when the problem is in one cell or column. */
  readonly column: string | null;
  readonly message: string;
}

const grouped = new Intl.NumberFormat('en-US');

/** `line 1,204, column phone_number: …`, as a person reads it. */
export function fileProblemText({ line, column, message }: FileProblem): string {
  const where = [line === null ? 'the file' : `line ${grouped.format(line)}`];
  if (column !== null) where.push(`column ${column}`);
  return `${where.join(', ')}: ${message}`;
}

/** Problems in file order: by line, the file as a whole first, and otherwise in the order found. */
export function inFileOrder(problems: readonly FileProblem[]): FileProblem[] {
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.order - b.order)
    .map(({ problem }) => problem);
}
