// The ledger folder's second door: the PostgreSQL store itself, which loads `pg` at once (index.ts
// reaches it lazily through openStore), with the fault hooks its tests use.

export { openPostgresStore, type PostgresFaults } from "./postgres.js";
