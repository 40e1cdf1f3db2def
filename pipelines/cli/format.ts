/** Human-readable lines for command summaries. */
import type { IngestSummary, TemperatureCounts } from '../summaries.ts';

export function formatIngest(ingest: IngestSummary): string {
  const tables = Object.entries(ingest.tables)
    .map(([name, t]) => `${name} ${t.accepted}/${t.read}`)
    .join(', ');
  const lines = [`  rows read ${ingest.rowsRead}, rejected ${ingest.rowsRejected} (accepted/read: ${tables})`];
  if (ingest.quarantine) lines.push(`  rejected rows and reasons: ${ingest.quarantine}`);
  for (const warning of ingest.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

export function formatMetrics(metrics: object): string {
  return Object.entries(metrics)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(', ');
}

export function formatTemperatures(t: TemperatureCounts): string {
  return `${t.hot} hot, ${t.warm} warm, ${t.cold} cold`;
}
