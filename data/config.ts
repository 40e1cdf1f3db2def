/**
 * The config file: maps a user's own CRM export onto the canonical tables (see data/CONTRACT.md)
 * and sets the label, snapshot, feature, model and output options. Declared once here, validated
 * on load; everything downstream receives a `ResolvedConfig` and trusts it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { PostgresOptions } from '../core/postgres.ts';

const strftimeTokens: Array<[RegExp, string]> = [
  [/yyyy/g, '%Y'],
  [/yy/g, '%y'],
  [/dd/g, '%d'],
  [/mm/g, '%m'],
  [/HH/g, '%H'],
  [/MM/g, '%M'],
  [/SS/g, '%S'],
];

/**
 * Turns a user date format (`dd-mm-yyyy HH:MM`: lowercase mm is the month, uppercase MM the
 * minutes) into a strftime pattern for DuckDB's strptime. A pattern that already has `%` passes.
 */
export function toStrftime(format: string): string {
  if (format.includes('%')) return format;
  let out = format;
  for (const [token, replacement] of strftimeTokens) out = out.replace(token, replacement);
  return out;
}

const dateFormat = z
  .string()
  .min(1)
  .refine((f) => /%[a-zA-Z]/.test(toStrftime(f)), {
    message: 'not a date format: use tokens yyyy, mm, dd, HH, MM, SS (e.g. "dd-mm-yyyy") or a strftime pattern',
  });

const columnName = z.string().min(1);

/** Where one canonical table comes from and how its columns are named there. */
/**
 * A PostgreSQL table or query as a source (exactly one of the two). The table name is read as
 * PostgreSQL reads it in SQL: `crm.leads`, unquoted parts lowercased, `"Mixed Case"` in quotes.
 */
const postgresTableSource = z.strictObject({
  table: z.string().min(1).optional(),
  /** A SELECT (or WITH … SELECT) whose rows are the table; run in a read-only transaction. */
  query: z.string().min(1).optional(),
});

const tableSource = z.strictObject({
  /** CSV or Parquet file, relative to the config file. Either this or `postgres`. */
  path: z.string().min(1).optional(),
  /** Read from PostgreSQL instead of a file (connection: the top-level `postgres` block). */
  postgres: postgresTableSource.optional(),
  /** File format; by default from the extension (.csv, .tsv, .txt → csv; .parquet → parquet). */
  format: z.enum(['csv', 'parquet']).optional(),
  /** Canonical column name → the column's name in this file. Unmapped canonical names are looked up as-is. */
  columns: z.record(z.string(), columnName).default({}),
  /** How dates are written in this file; ISO 8601 when absent. */
  date_format: dateFormat.optional(),
  /** CSV delimiter; detected when absent. */
  delimiter: z.string().length(1).optional(),
  /** Values that mean "missing" in this file, in addition to the top-level `missing_values`. */
  missing_values: z.array(z.string()).default([]),
});

/** A source names exactly one place to read from; file-only options need a file. */
function sourceIssues(source: z.infer<typeof tableSource>): Array<{ path: string[]; message: string }> {
  const issues: Array<{ path: string[]; message: string }> = [];
  if ((source.path === undefined) === (source.postgres === undefined)) {
    issues.push({ path: [], message: 'set exactly one of path (a CSV or Parquet file) or postgres (a table or query)' });
  }
  if (source.postgres) {
    if ((source.postgres.table === undefined) === (source.postgres.query === undefined)) {
      issues.push({ path: ['postgres'], message: 'set exactly one of table (e.g. crm.leads) or query (a SELECT)' });
    }
    for (const key of ['format', 'delimiter'] as const) {
      if (source[key] !== undefined) issues.push({ path: [key], message: 'applies to files only, not to a postgres source' });
    }
  }
  return issues;
}

const attributeSelection = z
  .strictObject({
    /** Only these attribute columns (source names). Default: every column not mapped to a canonical one. */
    include: z.array(columnName).optional(),
    /** Never these (e.g. columns sales fills in after contact). */
    exclude: z.array(columnName).default([]),
    /** Force these to numeric (an unparsable value then rejects the row). */
    numeric: z.array(columnName).default([]),
    /** Force these to categorical. */
    categorical: z.array(columnName).default([]),
  })
  .default({ exclude: [], numeric: [], categorical: [] });

const leadsSource = tableSource.extend({
  attributes: attributeSelection,
  /** Wide source: a 0/1 label column on the leads table itself (no events, no outcomes needed). */
  label_column: columnName.optional(),
  /** Values of `label_column` that mean converted. */
  positive_values: z.array(z.string()).default(['1', 'true', 'yes', 'won', 'converted']),
  /** Values of `label_column` that mean not converted. */
  negative_values: z.array(z.string()).default(['0', 'false', 'no', 'lost']),
});

const outcomesSource = tableSource.extend({
  /** Every row of this file has this status (e.g. a file of closed-won deals). */
  status: z.enum(['won', 'lost', 'open']).optional(),
  /** Source values that mean won / lost / open (case-insensitive); the canonical words always work. */
  status_values: z
    .strictObject({
      won: z.array(z.string()).default([]),
      lost: z.array(z.string()).default([]),
      open: z.array(z.string()).default([]),
    })
    .default({ won: [], lost: [], open: [] }),
  /** Status of a lead that has no row in this file. */
  missing_status: z.enum(['open', 'lost']).default('open'),
});

const configSchema = z
  .strictObject({
    /** A name for this dataset; used in artifact and table names. */
    name: z.string().min(1).default('leads'),
    sources: z.strictObject({
      leads: leadsSource,
      events: tableSource.optional(),
      outcomes: outcomesSource.optional(),
      channel_costs: tableSource.optional(),
    }),
    /** Values that mean "missing" in every file (compared after trimming). */
    missing_values: z.array(z.string()).default(['', 'NA', 'N/A', 'null', 'NULL', 'NaN', 'nan']),
    label: z
      .strictObject({
        /** A lead is positive if won within this many days of created_at; null = at any time. */
        window_days: z.number().positive().nullable().default(90),
        /** The moment "now" for deciding whose window has elapsed (ISO date); default: latest date in the data. */
        as_of: z.string().optional(),
      })
      .default({ window_days: 90 }),
    snapshot: z
      .strictObject({
        /** Features describe the lead this many days after created_at. */
        days_after_created: z.number().min(0).default(7),
        /**
         * A lead whose outcome came before its snapshot: `clamp` moves its snapshot to the
         * outcome time (features see only what happened before the outcome); `exclude` leaves it
         * out of training.
         */
        outcome_before_snapshot: z.enum(['clamp', 'exclude']).default('exclude'),
      })
      .default({ days_after_created: 7, outcome_before_snapshot: 'exclude' }),
    features: z
      .strictObject({
        /** Event-count windows, in days before the snapshot. */
        windows_days: z.array(z.number().int().positive()).min(1).default([7, 30, 90]),
        /** Half-life of the decayed engagement total. */
        decay_half_life_days: z.number().positive().default(14),
        /** Calendar parts of created_at used as categorical features. */
        created_at_parts: z.array(z.enum(['month', 'weekday', 'hour'])).default([]),
        /** A category needs at least this many training rows to get its own column; rarer ones go to "other". */
        min_category_count: z.number().int().min(1).default(20),
        /** At most this many one-hot columns per attribute (most frequent first). */
        max_categories: z.number().int().min(1).default(50),
        /** Numeric columns whose skewness exceeds this get log1p before standardisation. */
        log_skew_threshold: z.number().positive().default(2),
      })
      .default({
        windows_days: [7, 30, 90],
        decay_half_life_days: 14,
        created_at_parts: [],
        min_category_count: 20,
        max_categories: 50,
        log_skew_threshold: 2,
      }),
    model: z
      .strictObject({
        /** Model kinds to train; each becomes its own versioned artifact. */
        kinds: z.array(z.enum(['logreg', 'neural'])).min(1).default(['logreg']),
        /** Inverse L2 strength of the logistic regression, as scikit-learn's C. */
        C: z.number().positive().default(1),
        class_weight: z.enum(['balanced']).nullable().default(null),
        solver: z.enum(['auto', 'newton', 'lbfgs', 'gradient-descent']).default('auto'),
        /** How predicted probabilities are calibrated on held-out leads before scoring uses them. */
        calibration: z.enum(['platt', 'isotonic', 'none']).default('platt'),
        /** The neural net (models/neural); unset keys keep its defaults. */
        neural: z
          .strictObject({
            hidden_layers: z.array(z.number().int().positive()).min(1).optional(),
            dropout: z.number().min(0).lt(1).optional(),
            l2: z.number().min(0).optional(),
            learning_rate: z.number().positive().optional(),
            batch_size: z.number().int().positive().optional(),
            max_epochs: z.number().int().positive().optional(),
            patience: z.number().int().min(1).optional(),
            seed: z.number().int().optional(),
          })
          .default({}),
      })
      .default({ kinds: ['logreg'], C: 1, class_weight: null, solver: 'auto', calibration: 'platt', neural: {} }),
    leakage: z
      .strictObject({
        /** Flag a feature whose single-feature ROC AUC reaches this. */
        auc_threshold: z.number().gt(0.5).max(1).default(0.9),
        /** Flag a category converting at ≤ this rate or ≥ 1 − this ... */
        pure_rate: z.number().min(0).lt(0.5).default(0.03),
        /** ... held by at least this share of labelled leads ... */
        min_support_share: z.number().min(0).max(1).default(0.03),
        /** ... and at least this many. */
        min_support_rows: z.number().int().min(1).default(30),
        /** Stop training (exit 2) on any finding, as `train --strict` does. */
        strict: z.boolean().default(false),
      })
      .default({ auc_threshold: 0.9, pure_rate: 0.03, min_support_share: 0.03, min_support_rows: 30, strict: false }),
    evaluation: z
      .strictObject({
        /** `time` = train on older leads, test on newer; `stratified` = random stratified split. `auto` = time when dates exist. */
        strategy: z.enum(['auto', 'time', 'stratified']).default('auto'),
        holdout_fraction: z.number().gt(0).lt(1).default(0.2),
        seed: z.number().int().default(42),
        /** Also report the mean and spread of every metric over this many stratified folds (`train --cv K`). */
        cv_folds: z.number().int().min(2).nullable().default(null),
      })
      .default({ strategy: 'auto', holdout_fraction: 0.2, seed: 42, cv_folds: null }),
    /** A rule file (data/rules/README.md), relative to the config file: the rule score beside the model's. */
    rules: z.string().min(1).optional(),
    blend: z
      .strictObject({
        /** blended_score = 100 × (weight × probability + (1 − weight) × rule_score / 100); 1 = the model alone. */
        weight: z.number().min(0).max(1).default(0.5),
        /** Learn the blend on the model's holdout (logistic stacking), as `score --learn-blend` does; the weight is then unused. */
        learn: z.boolean().default(false),
        /** Folds of the cross-fitting that reports the learned blend's holdout AUC honestly. */
        cv_folds: z.number().int().min(2).max(20).default(5),
      })
      .default({ weight: 0.5, learn: false, cv_folds: 5 }),
    scoring: z
      .strictObject({
        /** Cut-offs on the blended score / 100 (the probability when there are no rules): ≥ hot is hot, ≥ warm is warm, else cold. */
        temperature: z
          .strictObject({ hot: z.number().min(0).max(1).default(0.5), warm: z.number().min(0).max(1).default(0.2) })
          .default({ hot: 0.5, warm: 0.2 })
          .refine((t) => t.warm <= t.hot, { message: 'warm must not exceed hot' }),
        /**
         * Leads sales can work per week: the MQL threshold on the blended score is chosen so that
         * about this many new leads a week pass it (pipelines/scoring/capacity.ts); null = the rule
         * file's MQL threshold.
         */
        capacity_per_week: z.number().int().positive().nullable().default(null),
        /** "Per week" is measured on the leads created in this many weeks before the as-of time. */
        capacity_window_weeks: z.number().int().min(1).max(52).default(4),
        /** Score lost leads too, with status `recycled` (they keep being nurtured), as `score --recycled` does; open leads are always scored. */
        include_lost: z.boolean().default(false),
      })
      .default({ temperature: { hot: 0.5, warm: 0.2 }, capacity_per_week: null, capacity_window_weeks: 4, include_lost: false }),
    /**
     * PostgreSQL connection settings, used by sources read from PostgreSQL and by the PostgreSQL
     * warehouse. The connection string comes from the environment variable `url_env` (default
     * DATABASE_URL); anything it leaves out falls back to PGHOST, PGPORT, PGUSER, PGPASSWORD,
     * PGDATABASE, as libpq does. Passwords belong in the environment, not in this file.
     */
    postgres: z
      .strictObject({
        url_env: z.string().min(1).default('DATABASE_URL'),
        /** Give up connecting after this long. */
        connect_timeout_ms: z.number().int().positive().default(5_000),
        /** Server-side statement_timeout; 0 = none. */
        statement_timeout_ms: z.number().int().min(0).default(0),
        /** How long to wait for a lock another session holds before failing; 0 = forever. */
        lock_timeout_ms: z.number().int().min(0).default(30_000),
      })
      .default({ url_env: 'DATABASE_URL', connect_timeout_ms: 5_000, statement_timeout_ms: 0, lock_timeout_ms: 30_000 }),
    output: z
      .strictObject({
        /** Artifacts, training sets and quarantine files go here (relative to the config file). */
        dir: z.string().default('.leadscore'),
        /** Where predictions go: the embedded DuckDB file, or PostgreSQL (connection from the `postgres` block). */
        warehouse_type: z.enum(['duckdb', 'postgres']).default('duckdb'),
        /** The DuckDB warehouse file; default `<dir>/warehouse.duckdb`. */
        warehouse: z.string().optional(),
        /** Table the scorer writes predictions to. */
        predictions_table: z.string().min(1).default('predictions'),
        /** PostgreSQL only: schema of the predictions, history and ledger tables (created if missing); default public. */
        schema: z.string().min(1).optional(),
        /** PostgreSQL only: also append every run's predictions to this table, keyed by run_id. */
        history_table: z.string().min(1).optional(),
        /** Also write each run's predictions to these files (.csv, .parquet or .arrow), besides the warehouse; relative to the config file. */
        files: z.array(z.string().min(1)).default([]),
      })
      .default({ dir: '.leadscore', warehouse_type: 'duckdb', predictions_table: 'predictions', files: [] }),
  })
  .superRefine((cfg, ctx) => {
    for (const [key, source] of Object.entries(cfg.sources)) {
      for (const issue of source ? sourceIssues(source) : []) {
        ctx.addIssue({ code: 'custom', path: ['sources', key, ...issue.path], message: issue.message });
      }
    }
    const out = cfg.output;
    if (out.warehouse_type === 'postgres') {
      // PostgreSQL would silently truncate a longer name and cannot store NUL: refuse both here.
      for (const key of ['predictions_table', 'schema', 'history_table'] as const) {
        const name = out[key];
        if (name !== undefined && (Buffer.byteLength(name) > 63 || name.includes('\0'))) {
          ctx.addIssue({ code: 'custom', path: ['output', key], message: 'a PostgreSQL identifier has at most 63 bytes and no NUL character' });
        }
      }
      if (out.history_table !== undefined && out.history_table === out.predictions_table) {
        ctx.addIssue({ code: 'custom', path: ['output', 'history_table'], message: 'must differ from output.predictions_table' });
      }
      for (const key of ['predictions_table', 'history_table'] as const) {
        if (out[key] === 'leadscore_runs') ctx.addIssue({ code: 'custom', path: ['output', key], message: 'leadscore_runs is the runs ledger' });
      }
    } else {
      for (const key of ['schema', 'history_table'] as const) {
        if (out[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['output', key], message: 'applies to warehouse_type: postgres only' });
        }
      }
    }
    const wide = cfg.sources.leads.label_column !== undefined;
    if (!wide && !cfg.sources.outcomes) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources', 'outcomes'],
        message: 'required unless sources.leads.label_column names a 0/1 label column (a wide source)',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type TableSourceConfig = z.infer<typeof tableSource>;
export type LeadsSourceConfig = z.infer<typeof leadsSource>;
export type OutcomesSourceConfig = z.infer<typeof outcomesSource>;
export type CanonicalTable = 'leads' | 'events' | 'outcomes' | 'channel_costs';

/** A validated config whose paths are absolute. */
export interface ResolvedConfig extends Omit<Config, 'output'> {
  output: Config['output'] & { warehouse: string };
  /** The config file, or '<inline>' for configs built in code. */
  file: string;
  /** The folder relative paths were resolved against. */
  baseDir: string;
  /** True when the leads table carries its own label column. */
  wide: boolean;
}

/** Validates a parsed config object. `file` is used in messages; `baseDir` resolves relative paths. */
export function resolveConfig(raw: unknown, file: string, baseDir: string): ResolvedConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.length ? issue.path.join('.') : '(top level)';
      return `  ${key}: ${issue.message}`;
    });
    throw new ConfigError(`${file}: invalid config\n${lines.join('\n')}`, { where: file });
  }
  const cfg = parsed.data;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const sources = { ...cfg.sources };
  for (const key of ['leads', 'events', 'outcomes', 'channel_costs'] as const) {
    const source = sources[key];
    if (source?.path !== undefined) (sources as Record<string, unknown>)[key] = { ...source, path: abs(source.path) };
  }
  const dir = abs(cfg.output.dir);
  return {
    ...cfg,
    rules: cfg.rules === undefined ? undefined : abs(cfg.rules),
    sources,
    output: { ...cfg.output, dir, warehouse: cfg.output.warehouse ? abs(cfg.output.warehouse) : resolve(dir, 'warehouse.duckdb'), files: cfg.output.files.map(abs) },
    file,
    baseDir,
    wide: cfg.sources.leads.label_column !== undefined,
  };
}

/** Reads a YAML or JSON config file and validates it. */
export function loadConfig(path: string): ResolvedConfig {
  const file = resolve(path);
  if (!existsSync(file)) throw new ConfigError(`config file not found: ${path}`, { where: path });
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`, {
      where: path,
    });
  }
  return resolveConfig(raw, path, dirname(file));
}

/** Connection options for core/postgres.ts from the config's `postgres` block and the environment. */
export function postgresOptionsOf(config: Pick<Config, 'postgres'>, env: NodeJS.ProcessEnv = process.env): PostgresOptions {
  const p = config.postgres;
  return {
    url: env[p.url_env] || undefined,
    connectTimeoutMs: p.connect_timeout_ms,
    statementTimeoutMs: p.statement_timeout_ms,
    lockTimeoutMs: p.lock_timeout_ms,
  };
}

/** The source file format, from the config or the file extension. */
export function sourceFormat(source: TableSourceConfig): 'csv' | 'parquet' {
  if (source.format) return source.format;
  return extname(source.path ?? '').toLowerCase() === '.parquet' ? 'parquet' : 'csv';
}

/** What messages and reports call a source: its file, or `postgres:crm.leads` / `postgres:(query for events)`. */
export function sourceName(table: CanonicalTable, source: TableSourceConfig): string {
  if (source.path !== undefined) return source.path;
  return source.postgres?.table !== undefined ? `postgres:${source.postgres.table}` : `postgres:(query for ${table})`;
}
