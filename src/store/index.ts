// The store's public door: databases, migrations, repositories, the durable command path.
export type { Db, Tx, Queryable, QueryResult, QueryOptions, Row, Backend } from './db.ts';
export { openDatabase, dataDirFrom } from './open.ts';
export { openPglite, pgliteDb, type PgliteOptions } from './pglite.ts';
export { openPostgres, type PostgresOptions } from './postgres.ts';
export { lockDataDir, LOCK_FILE, type DataDirLock } from './datadir-lock.ts';
export { migrate, bundledMigrations, type Migration, type MigrateResult } from './migrate.ts';
export { StoreError, ConflictError, type StoreErrorCode } from './errors.ts';
export { createStore, onJobsScheduled, uuidIds, type Store, type StoreOptions } from './store.ts';
export { clockFromSpec } from './calendars.ts';
export {
  saveDraft,
  publishDefinition,
  retireDefinition,
  getDefinition,
  loadProcess,
  latestPublished,
  publishedVersion,
  type DefinitionInput,
  type DefinitionRow,
  type DefinitionStatus,
  type SourceFormat,
} from './definitions.ts';
export {
  addOrg,
  setOrgCalendars,
  addStore,
  setStoreCalendar,
  addStaff,
  setStaffActive,
  setRoleStaff,
  roleStaff,
  addCustomer,
  updateCustomer,
  caseCustomer,
  type OrgInput,
  type StoreInput,
  type StaffInput,
  type CustomerInput,
} from './directory.ts';
export { executeCommand, executeCommandInTx, startCase, type CommandOptions, type CaseOutcome, type StartCaseInput } from './cases.ts';
export { getCase, caseEvents, caseTasks, caseJobs, type CaseRecord, type StoredEvent, type TaskRecord, type JobRecord } from './queries.ts';
export {
  claimCommandJobs,
  retryJob,
  failJob,
  leaseServiceJobs,
  finishLeasedJob,
  retryLeasedJob,
  nextJobDueAt,
  type ClaimedJob,
} from './jobs.ts';
export { leaseNotifications, settleNotification, type OutboxNotification } from './outbox.ts';
