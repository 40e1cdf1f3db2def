import { defineCommand } from '../defineCommand.ts';
import { requireConfig } from '../options.ts';
import { buildTrainingSet } from '../../buildTrainingSet.ts';
import { formatIngest } from '../format.ts';

export const featuresCommand = defineCommand({
  name: 'features',
  description: 'build the training set (Arrow IPC) from the sources in the config',
  examples: ['leadscore features --config data/examples/olist.yaml --json'],
  config: 'required',
  async run(options, progress) {
    const config = requireConfig(options.config as string | undefined, 'features');
    const result = await buildTrainingSet(config, { progress });
    const t = result.trainingSet;
    return {
      json: { command: 'features', ...result },
      text: [
        `training set: ${t.path}`,
        `  ${t.rows} rows (${t.positives} positive, ${(t.positiveRate * 100).toFixed(1)}%), ${t.features} features, ${result.scoringRows} open leads to score`,
        formatIngest(result.ingest),
      ].join('\n'),
    };
  },
});
