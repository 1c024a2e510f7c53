// The two databases behind the feedback store: embedded PGlite (default; a folder on disk, or memory for
// tests) and PostgreSQL via node-postgres when DATABASE_URL is set.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { SqlClient } from './feedback-store.ts';

/** `dataDir` undefined keeps the database in memory (tests). */
export async function openPgliteClient(dataDir: string | undefined): Promise<SqlClient> {
  const db = await PGlite.create(dataDir);
  return {
    query: async (sql, params = []) => ({ rows: (await db.query(sql, params)).rows }),
    close: () => db.close(),
  };
}

export function openPostgresClient(connectionString: string): SqlClient {
  const pool = new pg.Pool({ connectionString, max: 5 });
  return {
    query: async (sql, params = []) => ({ rows: (await pool.query(sql, params)).rows }),
    close: () => pool.end(),
  };
}
