/**
 * Connecting to PostgreSQL, shared by the warehouse writer and the source reader. The connection
 * string comes from the config or `DATABASE_URL`; anything it leaves out falls back to the `PG*`
 * variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), as libpq does — node-postgres reads
 * them itself. Errors are LeadscoreErrors whose text never carries the password.
 */
import pg from 'pg';
import { LeadscoreError, redactSecrets } from './errors.ts';

export interface PostgresOptions {
  /** Connection string; default `DATABASE_URL`, then the PG* variables alone. */
  url?: string;
  /** Give up connecting after this long (server down, wrong host). */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout; 0 = none. */
  statementTimeoutMs?: number;
  /** Server-side lock_timeout: how long to wait for a lock someone else holds; 0 = none. */
  lockTimeoutMs?: number;
}

export const defaultConnectTimeoutMs = 5_000;

/** The connection string in use (config, then DATABASE_URL), or undefined for PG* variables only. */
export function postgresUrl(options: PostgresOptions = {}): string | undefined {
  return options.url ?? (process.env.DATABASE_URL || undefined);
}

/** `user@host:port/database`, for logs and `--json`: never the password. */
export function describePostgres(options: PostgresOptions = {}): string {
  const url = postgresUrl(options);
  let user = process.env.PGUSER ?? process.env.USER ?? '';
  let host = process.env.PGHOST ?? 'localhost';
  let port = process.env.PGPORT ?? '5432';
  let database = process.env.PGDATABASE ?? user;
  if (url) {
    try {
      const parsed = new URL(url);
      user = decodeURIComponent(parsed.username) || user;
      host = parsed.hostname || host;
      port = parsed.port || port;
      database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || database;
    } catch {
      return 'postgresql (unparsable connection string)';
    }
  }
  return `postgresql://${user ? `${user}@` : ''}${host}:${port}/${database}`;
}

export function postgresClientConfig(options: PostgresOptions = {}): pg.ClientConfig {
  const url = postgresUrl(options);
  return {
    ...(url ? { connectionString: url } : {}),
    connectionTimeoutMillis: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
    application_name: 'leadscore',
  };
}

/** Why a PostgreSQL operation failed, in words a batch-job owner can act on. */
export function explainPostgresError(error: unknown, options: PostgresOptions = {}): string {
  const e = error as { code?: string; message?: string };
  const where = describePostgres(options);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${where}: connection refused (is the server running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${where}: unknown host`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the login: password authentication failed (check the password in DATABASE_URL or PGPASSWORD)`;
    case '3D000':
      return `PostgreSQL at ${where}: the database does not exist`;
    case '57014':
      return `PostgreSQL at ${where}: the statement timed out (statement_timeout)`;
    case '55P03':
      return `PostgreSQL at ${where}: gave up waiting for a lock held by another session (lock_timeout)`;
    case '57P01':
      return `PostgreSQL at ${where}: the server terminated the connection (administrator command)`;
    default:
      if (/timeout/i.test(e.message ?? '')) return `cannot reach PostgreSQL at ${where}: connection timed out`;
      if (/Connection terminated/i.test(e.message ?? '')) return `PostgreSQL at ${where}: the connection was lost`;
      return `PostgreSQL at ${where}: ${redactSecrets(e.message ?? String(error))}`;
  }
}

/** A connected client, or a LeadscoreError('warehouse') saying why not, within the connect timeout. */
export async function connectPostgres(options: PostgresOptions = {}): Promise<pg.Client> {
  const client = new pg.Client(postgresClientConfig(options));
  // An idle client whose server goes away emits 'error'; without a listener that kills the process.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw new LeadscoreError('warehouse', explainPostgresError(error, options), { where: describePostgres(options) }, { cause: error });
  }
}
