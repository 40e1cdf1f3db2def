/** Prediction batches for the warehouse tests, and reading a PostgreSQL table back. */
import pg from 'pg';
import type { PredictionBatch, Temperature } from '../../pipelines/warehouse/predictions.ts';

/** One prediction per lead id; `salt` varies the values so a rewrite is visible. */
export function batchOf(leadIds: string[], salt = 0, withRules = true): PredictionBatch {
  const n = leadIds.length;
  const probability = Float64Array.from({ length: n }, (_, i) => ((i * 7919 + salt * 104729) % 1000) / 1000 + 1 / 3e6);
  const ruleScore = Float64Array.from({ length: n }, (_, i) => (i * 37 + salt) % 101);
  const temperatures: Temperature[] = ['hot', 'warm', 'cold'];
  return {
    leadIds,
    probability,
    blendedScore: Float64Array.from(probability, (p, i) => 50 * p + ruleScore[i] / 2),
    temperature: leadIds.map((_, i) => temperatures[(i + salt) % 3]),
    topReasons: leadIds.map((id, i) => JSON.stringify([`source = "web" for ${id}`, `${i % 5} pricing_page_view in 7 days`])),
    rules: withRules
      ? {
          ruleScore,
          fitScore: Float64Array.from(ruleScore, (r) => r / 2),
          engagementScore: Float64Array.from(ruleScore, (r) => 100 - r),
          grade: leadIds.map((_, i) => 'ABCD'[i % 4]),
          matrixCell: leadIds.map((_, i) => `${'ABCD'[i % 4]}${(i % 3) + 1}`),
          status: leadIds.map((_, i) => (i % 2 ? 'MQL' : 'new')),
        }
      : null,
  };
}

export function leadIds(count: number, prefix = 'L'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function query<T extends Record<string, any> = Record<string, any>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(sql, params)).rows);
}
