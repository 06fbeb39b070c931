/** Seconds one call takes, by the monotonic clock. */
export async function elapsedSeconds(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
