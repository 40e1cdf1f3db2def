/**
 * A first look at a training set, the way an analyst starts: label balance, each feature's
 * coverage and, for categoricals, the conversion rate of the most common values.
 *
 *   npx leadscore features --config data/examples/olist.yaml
 *   node bin/run-ts.js notebooks/explore-training-set.ts .leadscore/olist/training-set.arrow
 */
import { readTrainingSet, type FeatureFrame, type FrameColumn } from '../index.ts';

export function describeColumn(frame: FeatureFrame, column: FrameColumn): string {
  if (column.kind === 'numeric') {
    let present = 0;
    let sum = 0;
    for (const v of column.values) {
      if (!Number.isNaN(v)) {
        present++;
        sum += v;
      }
    }
    return `${column.name} (numeric): ${present}/${frame.rows} present, mean ${(present ? sum / present : NaN).toFixed(3)}`;
  }
  const counts = new Map<number, { n: number; won: number }>();
  for (let i = 0; i < frame.rows; i++) {
    const entry = counts.get(column.codes[i]) ?? { n: 0, won: 0 };
    entry.n++;
    entry.won += frame.label[i] === 1 ? 1 : 0;
    counts.set(column.codes[i], entry);
  }
  const top = [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 5)
    .map(([code, { n, won }]) => `${code < 0 ? '(missing)' : column.dictionary[code]} ${n} (${((100 * won) / n).toFixed(0)}% won)`);
  return `${column.name} (categorical, ${column.dictionary.length} values): ${top.join(', ')}`;
}

export async function exploreTrainingSet(path: string): Promise<string[]> {
  const { frame, metadata } = await readTrainingSet(path);
  const positives = frame.label.reduce((s, v) => s + (v === 1 ? 1 : 0), 0);
  return [
    `${path}: ${frame.rows} leads, ${positives} converted (${((100 * positives) / Math.max(1, frame.rows)).toFixed(1)}%)`,
    `label rule: ${String(metadata.labelRule)}`,
    ...frame.columns.map((column) => '  ' + describeColumn(frame, column)),
  ];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('explore-training-set.ts')) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node bin/run-ts.js notebooks/explore-training-set.ts <training-set.arrow>');
    process.exitCode = 2;
  } else {
    for (const line of await exploreTrainingSet(path)) console.log(line);
  }
}
