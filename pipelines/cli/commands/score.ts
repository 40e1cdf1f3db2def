import { defineCommand } from '../defineCommand.ts';
import { requireConfig } from '../options.ts';
import { scoreLeads } from '../../scoreLeads.ts';
import { formatIngest, formatTemperatures } from '../format.ts';

export const scoreCommand = defineCommand({
  name: 'score',
  description: 'score every open lead with a trained model and write the predictions to the warehouse',
  examples: ['leadscore score --config leadscore.yaml --model champion --json'],
  config: 'required',
  configure: (command) => command.option('--model <id>', 'model id, "latest" or "champion"', 'champion'),
  async run(options, progress) {
    const config = requireConfig(options.config as string | undefined, 'score');
    const result = await scoreLeads(config, { progress, model: options.model as string });
    return {
      json: { command: 'score', ...result },
      text: [
        `${result.predictionsWritten} predictions by model ${result.modelId} written to ${result.warehouse} (table ${result.table})`,
        `  ${formatTemperatures(result.temperatures)}`,
        formatIngest(result.ingest),
      ].join('\n'),
    };
  },
});
