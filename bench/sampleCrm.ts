/** The benchmarks' sample CRM: generated once per size into bench-out/ and reused by later runs. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSampleCrm } from '../data/generator/index.ts';

export async function benchCrm(leads: number, outRoot = 'bench-out'): Promise<{ root: string; dataDir: string }> {
  const root = resolve(outRoot, `crm-${leads}`);
  const dataDir = join(root, 'data');
  const marker = join(root, 'generated.json');
  if (!existsSync(marker) || JSON.parse(readFileSync(marker, 'utf8')).leads !== leads) {
    process.stderr.write(`generating ${leads} leads into ${dataDir} (once; reused by later runs)\n`);
    const started = performance.now();
    const generated = await generateSampleCrm({ outDir: dataDir, leads, seed: 42 });
    writeFileSync(marker, JSON.stringify({ leads, rows: generated.rows }));
    process.stderr.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)}s: ${JSON.stringify(generated.rows)}\n`);
  }
  return { root, dataDir };
}
