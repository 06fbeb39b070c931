export {
  describeOnEachDatabase,
  emptyTables,
  engines,
  mysqlUrlForTests,
  openMysqlDatabase,
  openSqliteDatabase,
  type Engine,
  type TestDatabase,
} from './test-databases.js';
