/**
 * The PostgreSQL warehouse. A run is written all or nothing:
 *   1. the run goes into the `leadscore_runs` ledger as `running` (committed at once, so a run
 *      that dies is visible as such);
 *   2. `COPY FROM STDIN` fills a session-private staging table — no lock on the target yet;
 *   3. one transaction upserts staging into the target (and the history table), and marks the
 *      run `succeeded` with its row count.
 * Any failure rolls the transaction back and marks the run `failed` — over the same connection
 * when it survived, over a fresh one when it did not (a killed backend, a dropped socket).
 */
import type pg from 'pg';
import { LeadscoreError, redactSecrets } from '../../core/errors.ts';
import { connectPostgres, describePostgres, explainPostgresError, type PostgresOptions } from '../../core/postgres.ts';
import { ident, qualified, renderSql, sqlStatements } from '../../core/sql.ts';
import { copyPredictions, type CopyProgress } from './postgresCopy.ts';
import { ensureTables, ledgerTableName, stagingTable, stagingTableDdl } from './postgresSchema.ts';
import { predictionColumns, type PredictionBatch, type ScoringRun } from './predictions.ts';
import type { PredictionWarehouse } from './warehouse.ts';

const [deleteTemplate, insertTemplate] = sqlStatements(new URL('./postgres_upsert_predictions.sql', import.meta.url));
const [historyTemplate] = sqlStatements(new URL('./postgres_append_history.sql', import.meta.url));

export interface PostgresWarehouseOptions {
  /** Connection and timeouts (data/config.ts `postgresOptionsOf`). */
  connection?: PostgresOptions;
  /** Schema of the target, history and ledger tables; created if missing. Default `public`. */
  schema?: string;
  /** Also append every run's predictions to this table. */
  historyTable?: string;
  /** Rows per COPY chunk. */
  copyChunkRows?: number;
  /** Awaited between COPY chunks while the COPY is open: progress, and the seam fault tests use. */
  onCopyProgress?: (progress: CopyProgress) => void | Promise<void>;
}

export class PostgresWarehouse implements PredictionWarehouse {
  private client: pg.Client | null;
  readonly schema: string;

  private constructor(
    client: pg.Client,
    private readonly options: PostgresWarehouseOptions,
  ) {
    this.client = client;
    this.schema = options.schema ?? 'public';
  }

  /** Connects (a LeadscoreError('warehouse') within the connect timeout if it cannot). */
  static async open(options: PostgresWarehouseOptions = {}): Promise<PostgresWarehouse> {
    const schema = options.schema ?? 'public';
    if (options.historyTable !== undefined && options.historyTable === ledgerTableName) {
      throw new LeadscoreError('config', `output.history_table cannot be ${ledgerTableName}: that name is the runs ledger`, { where: 'output.history_table' });
    }
    return new PostgresWarehouse(await PostgresWarehouse.connect(options.connection), { ...options, schema });
  }

  /**
   * A session with room for the staging table in memory: temp tables live in local buffers (8 MB
   * by default), and a 1M-row run spills a few hundred MB through them. Allocated only as used,
   * and settable only before the session's first temp table, hence here.
   */
  private static async connect(options: PostgresOptions | undefined): Promise<pg.Client> {
    const client = await connectPostgres(options);
    await client.query(`set temp_buffers = '256MB'`).catch(async (error: unknown) => {
      await client.end().catch(() => {});
      throw new LeadscoreError('warehouse', explainPostgresError(error, options), { where: describePostgres(options) }, { cause: error });
    });
    return client;
  }

  get description(): string {
    return `${describePostgres(this.options.connection)} (schema ${this.schema})`;
  }

  /** The open connection, or a new one after a failure that took the previous one down. */
  private async connection(): Promise<pg.Client> {
    this.client ??= await PostgresWarehouse.connect(this.options.connection);
    return this.client;
  }

  /** Upserts one scoring run's predictions into `table`; all or nothing. Returns rows written. */
  async writePredictions(table: string, batch: PredictionBatch, run: ScoringRun): Promise<number> {
    if (table === ledgerTableName || table === this.options.historyTable) {
      throw new LeadscoreError('config', `output.predictions_table cannot be ${table}: that name is the ${table === ledgerTableName ? 'runs ledger' : 'history table'}`, {
        where: 'output.predictions_table',
      });
    }
    const names = { schema: this.schema, target: table, history: this.options.historyTable };
    const target = qualified(this.schema, table);
    const ledger = qualified(this.schema, ledgerTableName);
    const started = new Date();
    const client = await this.connection();
    let ledgerOpen = false;
    try {
      await ensureTables(client, names);
      await client.query(
        `insert into ${ledger} (run_id, model_id, target_table, started_at, status) values ($1, $2, $3, $4, 'running')
         on conflict (run_id) do update set model_id = excluded.model_id, target_table = excluded.target_table,
           started_at = excluded.started_at, finished_at = null, rows = null, status = 'running', error = null`,
        [run.runId, run.modelId, target, started],
      );
      ledgerOpen = true;
      await client.query(`drop table if exists ${stagingTable}`);
      await client.query(stagingTableDdl());
      await copyPredictions(client, stagingTable, batch, { chunkRows: this.options.copyChunkRows, onProgress: this.options.onCopyProgress });

      const fragments = { target, columns: predictionColumns.map(([name]) => ident(name)).join(', '), staging: stagingTable };
      const params = [run.modelId, run.runId, run.scoredAt];
      await client.query('begin');
      // Writers to the same target take turns: two runs over overlapping leads would otherwise
      // lock rows in different orders and could deadlock. lock_timeout bounds the wait.
      await client.query('select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext($1))', [`leadscore upsert ${target}`]);
      await client.query(renderSql(deleteTemplate, fragments), [run.modelId]);
      const inserted = await client.query(renderSql(insertTemplate, fragments), params);
      if (names.history) {
        await client.query(renderSql(historyTemplate, { ...fragments, history: qualified(this.schema, names.history) }), params);
      }
      const written = inserted.rowCount ?? 0;
      await client.query(`update ${ledger} set status = 'succeeded', finished_at = $2, rows = $3 where run_id = $1`, [run.runId, new Date(), written]);
      await client.query('commit');
      await client.query(`drop table if exists ${stagingTable}`).catch(() => {});
      return written;
    } catch (error) {
      // The server's detail and context say which row and value it refused ("Key (lead_id,
      // model_id)=(L1, m) already exists", "COPY leadscore_staging, line 5, column probability").
      const { detail, where } = error as { detail?: unknown; where?: unknown };
      const extra = [detail, where].filter((part): part is string => typeof part === 'string' && part !== '');
      const reason =
        error instanceof LeadscoreError
          ? error.message
          : explainPostgresError(error, this.options.connection) + (extra.length ? ` (${redactSecrets(extra.join('; '))})` : '');
      const alive = await client.query('rollback').then(
        () => true,
        () => false,
      );
      if (!alive) {
        await client.end().catch(() => {});
        this.client = null;
      } else {
        await client.query(`drop table if exists ${stagingTable}`).catch(() => {});
      }
      const ledgerNote = ledgerOpen ? await this.markFailed(alive ? client : null, ledger, run.runId, reason) : '';
      if (error instanceof LeadscoreError && error.code !== 'warehouse') throw error;
      throw new LeadscoreError(
        'warehouse',
        `writing predictions to ${target} failed, nothing was written${ledgerNote}: ${reason}`,
        { where: this.description },
        { cause: error },
      );
    }
  }

  /** Records a failed run in the ledger; says how that went, for the error message. */
  private async markFailed(client: pg.Client | null, ledger: string, runId: string, reason: string): Promise<string> {
    let fresh: pg.Client | null = null;
    try {
      fresh = client ? null : await connectPostgres(this.options.connection);
      // Only a run still `running`: should a lost connection hide a commit that did land, the
      // ledger keeps saying `succeeded`, which is then the truth.
      const updated = await (client ?? fresh)!.query(
        `update ${ledger} set status = 'failed', finished_at = $2, error = $3 where run_id = $1 and status = 'running'`,
        [runId, new Date(), redactSecrets(reason)],
      );
      return updated.rowCount
        ? ` (run ${runId} marked failed in ${ledgerTableName})`
        : ` (run ${runId}: see its status in ${ledgerTableName})`;
    } catch {
      return ` (run ${runId} could not be marked failed and stays running in ${ledgerTableName})`;
    } finally {
      await fresh?.end().catch(() => {});
    }
  }

  /** Row count of a table in the warehouse's schema, for summaries and tests. */
  async count(table: string): Promise<number> {
    const client = await this.connection();
    const result = await client.query<{ n: string }>(`select count(*) as n from ${qualified(this.schema, table)}`);
    return Number(result.rows[0].n);
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
