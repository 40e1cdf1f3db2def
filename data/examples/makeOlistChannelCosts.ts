/**
 * Writes olist-channel-costs-illustrative.csv: an ILLUSTRATIVE spend per channel and month for
 * the Olist example. Olist did not publish marketing spend, so these numbers are made up; they
 * exist only so that `leadscore report roi` has costs to show on real leads. Do not read them as
 * Olist's spend.
 *
 * How: for each paid channel and month, the MQLs Olist recorded from that channel that month ×
 * an assumed cost per lead (BRL, below) × a seeded noise factor (lognormal, sd 0.15), rounded to
 * cents. organic_search, direct_traffic, unknown, other and leads without an origin get no rows:
 * they stand for channels without spend, which the report shows without ROI.
 * Only the MQL file is read, never the closed deals, so the costs know nothing of the outcomes.
 *
 *   node bin/run-ts.js data/examples/makeOlistChannelCosts.ts [mqls.csv] [out.csv]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { literal } from '../../core/sql.ts';
import { Rng } from '../generator/prng.ts';

/** Assumed cost per MQL by channel (BRL): rough orders of magnitude, not measurements. */
const costPerLead: Record<string, number> = {
  paid_search: 60,
  social: 35,
  display: 80,
  email: 8,
  other_publicities: 45,
  referral: 20,
};

const here = import.meta.dirname;
const mqls = process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'data', 'real', 'olist-mqls.csv');
const out = process.argv[3] ?? join(here, 'olist-channel-costs-illustrative.csv');

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`
  select origin as channel, strftime(strptime(first_contact_date, '%d-%m-%Y'), '%Y-%m') as month, count(*)::integer as leads
  from read_csv(${literal(mqls)}, all_varchar = true)
  where origin is not null
  group by all
  order by month, channel`);
const rng = new Rng(2018);
const lines = ['channel,month,cost'];
for (const row of reader.getRowObjectsJS() as Array<{ channel: string; month: string; leads: number }>) {
  const perLead = costPerLead[row.channel];
  if (perLead === undefined) continue;
  const cost = Math.round(row.leads * perLead * rng.lognormal(0, 0.15) * 100) / 100;
  lines.push(`${row.channel},${row.month},${cost.toFixed(2)}`);
}
writeFileSync(out, lines.join('\n') + '\n');
connection.closeSync();
instance.closeSync();
console.error(`wrote ${lines.length - 1} illustrative cost rows to ${out}`);
