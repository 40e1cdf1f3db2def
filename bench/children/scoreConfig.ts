/** The score benchmark's config, shared by its children: 1M open leads scored by a saved model. */
import { resolveConfig, type ResolvedConfig } from '../../data/config.ts';

export interface ScoreBenchPaths {
  leads: string;
  events: string;
  /** A header-only outcomes file: every lead is open. */
  outcomes: string;
  /** Output dir holding the trained model (models/) and the workspace's spill folder. */
  modelDir: string;
  rules: string;
  warehouse: string;
}

export function scoreBenchConfig(paths: ScoreBenchPaths): ResolvedConfig {
  return resolveConfig(
    {
      name: 'score-bench',
      sources: { leads: { path: paths.leads }, events: { path: paths.events }, outcomes: { path: paths.outcomes } },
      label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' },
      rules: paths.rules,
      output: { dir: paths.modelDir, warehouse: paths.warehouse },
    },
    '<score bench config>',
    paths.modelDir,
  );
}
