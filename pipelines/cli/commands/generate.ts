import { z } from 'zod';
import { defineCommand } from '../defineCommand.ts';
import { parseOptions, positiveInt } from '../options.ts';
import { generateSampleCrm } from '../../../data/generator/index.ts';

const generateOptions = z.object({
  out: z.string().min(1),
  leads: positiveInt,
  seed: z.coerce.number().int(),
  badRows: z.coerce.number().int().min(0),
});

export const generateCommand = defineCommand({
  name: 'generate',
  description: 'write a realistic sample CRM (leads, events, outcomes, channel costs) as CSV files',
  examples: ['leadscore generate --out /tmp/crm --leads 1000000'],
  config: 'none',
  configure: (command) =>
    command
      .option('--out <dir>', 'output folder', 'sample-crm')
      .option('--leads <n>', 'how many leads', '50000')
      .option('--seed <n>', 'random seed', '42')
      .option('--bad-rows <n>', 'how many deliberately bad rows to mix in', '0'),
  async run(raw, progress) {
    const o = parseOptions(generateOptions, raw, 'generate');
    const done = progress.stage(`generating ${o.leads} leads`);
    const result = await generateSampleCrm({
      outDir: o.out,
      leads: o.leads,
      seed: o.seed,
      badRows: o.badRows,
      onProgress: (message) => progress.info(message),
    });
    done();
    return { json: { command: 'generate', ...result }, text: `sample CRM written to ${result.outDir}: ${JSON.stringify(result.rows)}` };
  },
});
