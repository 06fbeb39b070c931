import type { CsvProgress } from '@outbound/adapters-csv';
import { Presets, SingleBar } from 'cli-progress';
import { count, grouped } from './import-report.js';

const size = (bytes: number): string => {
  if (bytes < 1_000) return `${bytes} B`;
  return bytes < 1_000_000 ? `${(bytes / 1_000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
};

/** How far the reading of a file has gone, told on stderr to the person waiting for it. */
export interface ImportProgress {
  update(progress: CsvProgress): void;
  /** The file is read, this far; nothing more is told after it. */
  stop(final: CsvProgress): void;
}

/**
 * A bar (bytes against the file's size, rows a second, time left) when `stream` is a terminal; in a
 * pipe or a CI log, where a bar would be a line per redraw, a line at each tenth of the file at most.
 */
export function importProgress(
  stream: NodeJS.WriteStream,
  fileBytes: number,
  startedAt = performance.now(),
): ImportProgress {
  const rate = (rowsRead: number): string => {
    const seconds = (performance.now() - startedAt) / 1000;
    return seconds > 0 ? grouped.format(Math.round(rowsRead / seconds)) : '0';
  };
  const payload = ({ bytesRead, rowsRead }: CsvProgress) => ({
    read: size(bytesRead),
    size: size(fileBytes),
    rows: count(rowsRead, 'row'),
    rate: rate(rowsRead),
  });

  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: 'reading {bar} {percentage}% | {read} of {size} | {rows} | {rate} rows/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 100,
      },
      Presets.shades_classic,
    );
    bar.start(fileBytes, 0, payload({ bytesRead: 0, rowsRead: 0 }));
    return {
      update: (progress) => bar.update(progress.bytesRead, payload(progress)),
      stop: (final) => {
        bar.update(final.bytesRead, payload(final));
        bar.stop();
      },
    };
  }

  let tenthsTold = 0;
  const tell = (tenths: number, progress: CsvProgress) => {
    tenthsTold = tenths;
    const { read, size: of, rows, rate: perSecond } = payload(progress);
    stream.write(`reading: ${tenths * 10}% (${read} of ${of}), ${rows}, ${perSecond} rows/s\n`);
  };
  return {
    // The last tenth is told once the rows of the last chunk are counted too.
    update: (progress) => {
      if (progress.bytesRead >= fileBytes) return;
      const tenths = Math.floor((progress.bytesRead / fileBytes) * 10);
      if (tenths > tenthsTold) tell(tenths, progress);
    },
    stop: (final) => {
      if (final.bytesRead >= fileBytes) tell(10, final);
    },
  };
}
