export { ContactsCsv, type RepeatedPhoneNumber, type RepeatedPhoneNumbers } from './contacts-csv.js';
export {
  chooseCsvColumns,
  type CsvColumnChoice,
  type CsvColumns,
  type CsvColumnsResult,
  type CsvHeaderProblem,
} from './csv-columns.js';
export { fileProblemText, inFileOrder, type FileProblem } from './file-problem.js';
export {
  readContactsCsv,
  type CsvProgress,
  type ReadContactsCsvOptions,
  type ReadContactsCsvResult,
  type UnreadableCsv,
} from './read-contacts-csv.js';
