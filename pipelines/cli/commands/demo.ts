import { relative } from 'node:path';
import { z } from 'zod';
import { defineCommand } from '../defineCommand.ts';
import { parseOptions, positiveInt } from '../options.ts';
import { runDemo } from '../../runDemo.ts';
import { formatIngest, formatTemperatures } from '../format.ts';

const demoOptions = z.object({
  out: z.string().min(1),
  leads: positiveInt,
  seed: z.coerce.number().int(),
  config: z.string().optional(),
});

export const demoCommand = defineCommand({
  name: 'demo',
  description: 'generate a sample CRM, train, score the open leads and write them to an embedded DuckDB warehouse',
  examples: ['npx leadscore demo', 'npx leadscore demo --leads 200000 --json'],
  config: 'optional',
  configure: (command) =>
    command
      .option('--out <dir>', 'folder for the sample data, artifacts and warehouse', 'leadscore-demo')
      .option('--leads <n>', 'how many sample leads to generate', '50000')
      .option('--seed <n>', 'random seed of the sample data', '42'),
  async run(raw, progress) {
    const o = parseOptions(demoOptions, raw, 'demo');
    const result = await runDemo({ outDir: o.out, leads: o.leads, seed: o.seed, configPath: o.config, progress });
    return {
      json: { command: 'demo', ...result },
      text: [
        `leadscore demo — ${result.leads} sample leads`,
        formatIngest(result.ingest),
        `  holdout AUC ${result.holdout.auc.toFixed(3)} (${result.holdout.strategy} split, ${result.holdout.testRows} leads)` +
          (result.holdout.rulesAuc === null ? '' : `; the classic points rules reach ${result.holdout.rulesAuc.toFixed(3)} on the same leads`),
        `  ${result.predictionsWritten} open leads scored: ${formatTemperatures(result.temperatures)}`,
        ...(result.statuses ? [`  lifecycle by the rules (classic points preset): ${Object.entries(result.statuses).map(([s, n]) => `${n} ${s}`).join(', ')}`] : []),
        `  hottest leads (model probability, rule score, blended 0–100):`,
        ...result.topLeads.map(
          (l) => `    ${l.leadId}  ${(l.probability * 100).toFixed(0)}%  rules ${l.ruleScore?.toFixed(0) ?? '–'}  blended ${l.blendedScore.toFixed(0)}  ${l.reasons.join('; ')}`,
        ),
        `  predictions: ${result.warehouse} (table ${result.table})`,
        `  model: ${result.artifactPath}`,
        `  training set: ${result.trainingSetPath}`,
        `  sample data: ${result.dataDir}`,
        `  config for the other commands: ${result.configFile} (e.g. npx leadscore report roi --config ${relative(process.cwd(), result.configFile)})`,
      ].join('\n'),
    };
  },
});
