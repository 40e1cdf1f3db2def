/**
 * `leadscore score`: rebuild the features of every lead to score (open ones, and lost ones as
 * `recycled`) exactly as the model was trained (its saved feature spec and encoder), predict,
 * explain, score by the rules, blend (as configured, or learned on the model's holdout), set
 * the status (the MQL threshold from sales' capacity when given), and write the predictions to
 * the warehouse in one all-or-nothing run — and, optionally, to CSV / Parquet / Arrow files.
 * The scoring itself is pipelines/scoring/scoreRows.ts.
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedConfig } from '../data/config.ts';
import { LeadscoreError } from '../core/errors.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { calibratorFromJSON } from '../models/calibration/fitCalibrator.ts';
import { loadModel } from '../models/registry/loadModel.ts';
import { useBackend } from '../models/neural/backend.ts';
import { loadRuleFile } from '../models/rules/loadRuleFile.ts';
import { loadArtifact } from '../models/registry/artifact.ts';
import type { IngestSummary, TemperatureCounts } from './summaries.ts';
import { openWarehouse } from './warehouse/warehouse.ts';
import type { PredictionBatch, Temperature } from './warehouse/predictions.ts';
import { withWorkspace } from './withWorkspace.ts';
import { describeBlend, type Blend } from './scoring/blend.ts';
import type { CapacityPlan } from './scoring/capacity.ts';
import type { LearnedBlend } from './scoring/learnBlend.ts';
import { scoreRows } from './scoring/scoreRows.ts';
import { scoresLostLeads } from './scoring/scoringLeads.ts';
import { predictionFileFormat, writePredictionFile, type WrittenFile } from './scoring/writePredictionFile.ts';

export interface ScoreOptions {
  /** Model id, `latest`, or `champion` (the default). */
  model?: string;
  progress?: Progress;
  /** How many reasons to keep per lead. */
  reasons?: number;
  /** Learn the blend on the model's holdout (logistic stacking); default `blend.learn`. */
  learnBlend?: boolean;
  /** Leads sales can work per week: sets the MQL threshold; default `scoring.capacity_per_week`. */
  capacity?: number | null;
  /** Also write the rows to these files (.csv, .parquet, .arrow), after `output.files`. */
  outputs?: string[];
  /** Score lost leads too, as recycled; default `scoring.include_lost` (never for a wide source). */
  includeLost?: boolean;
}

export interface ScoreResult {
  modelId: string;
  runId: string;
  predictionsWritten: number;
  warehouse: string;
  table: string;
  temperatures: TemperatureCounts;
  meanProbability: number;
  /** Leads per lifecycle status (new, MQL, sales_accepted, recycled). */
  statuses: Record<string, number>;
  /** The five most likely to convert, with their reasons. */
  topLeads: Array<{ leadId: string; probability: number; blendedScore: number; ruleScore: number | null; temperature: Temperature; reasons: string[] }>;
  /** Leads scored: open ones, and lost ones (status recycled). */
  leads: { open: number; recycled: number };
  /** The scored_at written with every row: the data's as-of time, not the clock (so reruns repeat rows exactly). */
  scoredAt: string;
  /** How blended_score was made; `learned` holds what --learn-blend learned and the AUCs side by side. */
  blend: BlendSummary;
  /** The MQL threshold from sales' capacity, when one was given. */
  capacity: CapacityPlan | null;
  /** Warnings also printed on stderr: a capacity marketing's volume cannot fill, --learn-blend's holdout caveats. */
  warnings: string[];
  /** Files written besides the warehouse. */
  files: WrittenFile[];
  ingest: IngestSummary;
}

export interface BlendSummary {
  kind: Blend['kind'];
  formula: string;
  /** The config's weight on the probability (used when kind is weighted). */
  weight: number | null;
  /** Null without rules: blended_score is then the probability × 100. */
  rules: boolean;
  learned: LearnedBlend | null;
}

function blendSummary(blend: Blend, learned: LearnedBlend | null, rules: boolean): BlendSummary {
  return {
    kind: blend.kind,
    formula: rules ? describeBlend(blend) : '100 × probability',
    weight: blend.kind === 'weighted' ? blend.weight : null,
    rules,
    learned,
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function topLeadsOf(batch: PredictionBatch, count: number): ScoreResult['topLeads'] {
  const order = Array.from(batch.probability.keys()).sort(
    (a, b) => batch.probability[b] - batch.probability[a] || (batch.leadIds[a] < batch.leadIds[b] ? -1 : 1),
  );
  return order.slice(0, count).map((i) => ({
    leadId: batch.leadIds[i],
    probability: batch.probability[i],
    blendedScore: batch.blendedScore[i],
    ruleScore: batch.rules ? batch.rules.ruleScore[i] : null,
    temperature: batch.temperature[i],
    reasons: JSON.parse(batch.topReasons[i]) as string[],
  }));
}

export { temperatureOf } from './scoring/scoreRows.ts';

export async function scoreLeads(config: ResolvedConfig, options: ScoreOptions = {}): Promise<ScoreResult> {
  const progress = options.progress ?? silentProgress;
  // The rule file and the options are validated before any data is read, so mistakes fail fast (exit 2).
  const ruleSet = config.rules ? loadRuleFile(config.rules) : null;
  const learnBlend = options.learnBlend ?? config.blend.learn;
  if (learnBlend && !ruleSet) {
    throw new LeadscoreError('usage', '--learn-blend blends the model with the rule score, but the config has no rule file', {
      hint: 'set `rules:` in the config (data/rules/README.md), or score without --learn-blend',
    });
  }
  const outputs = [...config.output.files, ...(options.outputs ?? [])];
  outputs.forEach(predictionFileFormat);
  const { artifact } = loadArtifact(config.output.dir, options.model ?? 'champion');
  // A neural model scores on the tfjs backend chosen before it is loaded (wasm is ~20× faster than cpu).
  if (artifact.kind === 'neural') progress.info(`tfjs backend: ${await useBackend('auto')}`);
  const { encoder, model } = loadModel(artifact);
  // Artifacts from before calibration existed score with raw probabilities.
  const calibrator = artifact.calibration === undefined ? null : calibratorFromJSON(artifact.calibration);
  progress.info(`model ${artifact.id} (${artifact.kind}, holdout AUC ${artifact.evaluation.metrics.auc?.toFixed(3)})`);

  // Connect before the long scoring work, so a server that is down or a wrong password fails in
  // seconds rather than after every lead has been scored.
  const warehouse = await openWarehouse(config);
  let written: number;
  let scored: Awaited<ReturnType<typeof scoreRows>>;
  let run: { runId: string; modelId: string; scoredAt: Date };
  try {
    scored = await withWorkspace(config.output.dir, (connection) =>
      scoreRows(connection, {
        config,
        artifact,
        encoder,
        model,
        calibrator,
        ruleSet,
        progress,
        reasons: options.reasons ?? 3,
        includeLost: scoresLostLeads(config, options.includeLost),
        learnBlend,
        capacityPerWeek: options.capacity ?? config.scoring.capacity_per_week,
      }),
    );
    // run_id is new on every run (the ledger keeps each run); scored_at is the data's as-of time, so rows repeat exactly.
    run = { runId: randomUUID(), modelId: artifact.id, scoredAt: scored.scoredAt };
    const done = progress.stage(`writing predictions to ${warehouse.description}`);
    written = await warehouse.writePredictions(config.output.predictions_table, scored.batch, run);
    done(`${written} rows, run ${run.runId}`);
  } finally {
    await warehouse.close();
  }
  const runId = run.runId;
  const table = config.output.predictions_table;
  const files: WrittenFile[] = [];
  for (const path of outputs) {
    const fileDone = progress.stage(`writing predictions to ${path}`);
    files.push(await writePredictionFile(path, scored.batch, run));
    fileDone(`${scored.batch.leadIds.length} rows`);
  }

  const temperatures: TemperatureCounts = { hot: 0, warm: 0, cold: 0 };
  for (const t of scored.batch.temperature) temperatures[t]++;
  const sum = scored.batch.probability.reduce((s, p) => s + p, 0);
  return {
    modelId: artifact.id,
    runId,
    predictionsWritten: written,
    warehouse: warehouse.description,
    table,
    temperatures,
    meanProbability: written ? sum / written : 0,
    topLeads: topLeadsOf(scored.batch, 5),
    statuses: countBy(scored.batch.status ?? []),
    leads: scored.leads,
    scoredAt: scored.scoredAt.toISOString(),
    blend: blendSummary(scored.blend, scored.learned, scored.batch.rules !== null),
    capacity: scored.capacity,
    warnings: scored.warnings,
    files,
    ingest: scored.ingest,
  };
}
