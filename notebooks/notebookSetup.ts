/**
 * The first cell of every analyst notebook: which data to work on. Either a config file
 * (`--config acme.yaml`), or a sample CRM generated on the spot (the default), so a notebook runs
 * from a clean clone with nothing to prepare. Library calls only, as in the notebooks themselves.
 *
 *   --config <file>   your config (YAML or JSON)
 *   --demo <dir>      where to generate the sample CRM (default leadscore-demo/notebook)
 *   --leads <n>       sample leads to generate (default 5000)
 *   --epochs <n>      cap the neural net's epochs (model.neural.max_epochs), to try things quickly
 *   --out <dir>       where the notebook writes its charts (default the config's output.dir)
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoConfig, generateSampleCrm, loadConfig, type ResolvedConfig } from '../index.ts';

export interface Notebook {
  config: ResolvedConfig;
  /** Folder for the notebook's charts and files. */
  out: string;
  /** Where the data came from, for the first printed line. */
  source: string;
}

export async function openNotebook(argv: string[]): Promise<Notebook> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      demo: { type: 'string' },
      leads: { type: 'string' },
      epochs: { type: 'string' },
      out: { type: 'string' },
    },
  });
  let config: ResolvedConfig;
  let source: string;
  if (values.config) {
    config = loadConfig(values.config);
    source = `config ${values.config}`;
  } else {
    const dir = resolve(values.demo ?? join('leadscore-demo', 'notebook'));
    const leads = Number(values.leads ?? 5000);
    const dataDir = join(dir, 'data');
    // The same seed gives the same CRM, so a second run sees the data the earlier models were trained on.
    const generated = await generateSampleCrm({ outDir: dataDir, leads, seed: 42 });
    config = demoConfig(dataDir, join(dir, 'out'), { label: { window_days: 90, as_of: generated.asOf.replace(' ', 'T') + 'Z' } });
    source = `sample CRM in ${dataDir}`;
  }
  if (values.epochs) {
    config = { ...config, model: { ...config.model, neural: { ...config.model.neural, max_epochs: Number(values.epochs) } } };
  }
  return { config, out: resolve(values.out ?? config.output.dir), source };
}
