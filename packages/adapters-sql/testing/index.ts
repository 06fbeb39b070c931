export {
  describeOnEachDatabase,
  describeOnMysql,
  emptyTables,
  mysqlUrlForTests,
  openMysqlDatabase,
  openSqliteDatabase,
  type TestDatabase,
} from './test-databases.js';
export { mountSmallDisk, type SmallDisk } from './small-disk.js';
export { recordingLogger, type LoggedLine, type RecordingLogger } from './recording-logger.js';
