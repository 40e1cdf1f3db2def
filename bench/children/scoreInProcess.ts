/**
 * The score benchmark's in-process figures: with the 1M open leads' feature frame, rule
 * attributes and engagement points already in memory (built by the same stages the scorer uses,
 * not timed), times the scoring itself — the logistic model (encode, predict, calibrate), the
 * rule engine's fold (RuleScorer.score: fit rules, limits, grades, status), the blend — and,
 * separately, the top-reason explanations. Each kernel runs `repeats` times; prints one JSON
 * line with the best and median milliseconds of each.
 */
import { join } from 'node:path';
import { calibratorFromJSON } from '../../models/calibration/fitCalibrator.ts';
import { loadArtifact } from '../../models/registry/artifact.ts';
import { loadModel } from '../../models/registry/loadModel.ts';
import { loadRuleFile } from '../../models/rules/loadRuleFile.ts';
import { RuleScorer } from '../../models/rules/RuleScorer.ts';
import { readFeatureFrame } from '../../features/frame/readFeatureFrame.ts';
import { buildFeatureTables } from '../../pipelines/featureTables.ts';
import { prepareRuleInputs } from '../../pipelines/ruleStage.ts';
import { blendScores } from '../../pipelines/scoring/blend.ts';
import { predict } from '../../pipelines/scoring/scoreRows.ts';
import { scoringFeatureRowsSql } from '../../pipelines/scoring/scoringLeads.ts';
import { withWorkspace } from '../../pipelines/withWorkspace.ts';
import { scoreBenchConfig, type ScoreBenchPaths } from './scoreConfig.ts';

const paths = JSON.parse(process.argv[2]) as ScoreBenchPaths;
const repeats = Number(process.argv[3] ?? 3);
const config = scoreBenchConfig(paths);
const { artifact } = loadArtifact(config.output.dir, 'champion');
const { encoder, model } = loadModel(artifact);
const calibrator = artifact.calibration === undefined ? null : calibratorFromJSON(artifact.calibration);
const ruleSet = loadRuleFile(config.rules!);

const result = await withWorkspace(config.output.dir, async (connection) => {
  const tables = await buildFeatureTables(connection, config, { quarantinePath: join(config.output.dir, 'quarantine.csv'), spec: artifact.featureSpec });
  const frame = await readFeatureFrame(connection, scoringFeatureRowsSql(false), tables.features);
  const rules = await prepareRuleInputs(connection, ruleSet, tables.ingest, { kind: 'open', asOf: tables.asOf! });
  // Wall time, and this thread's CPU time: on a machine shared with other jobs the process is
  // descheduled for part of the wall time, so CPU time shows the work itself.
  const time = (work: () => void) => {
    const ms: number[] = [];
    const cpuMs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      work();
      const used = process.cpuUsage(cpu);
      ms.push(performance.now() - started);
      cpuMs.push((used.user + used.system) / 1000);
    }
    ms.sort((a, b) => a - b);
    cpuMs.sort((a, b) => a - b);
    return { best: ms[0], median: ms[Math.floor(ms.length / 2)], cpuBest: cpuMs[0], cpuMedian: cpuMs[Math.floor(cpuMs.length / 2)] };
  };
  let probability: Float64Array<ArrayBufferLike> = new Float64Array(0);
  let ruleScore: Float64Array<ArrayBufferLike> = new Float64Array(0);
  const modelMs = time(() => (probability = predict({ encoder, model, calibrator, reasons: 0 }, frame).probability));
  const rulesMs = time(() => (ruleScore = new RuleScorer(ruleSet).score(rules.frame, rules.engagement, rules.context).score));
  const blendMs = time(() => blendScores({ kind: 'weighted', weight: config.blend.weight }, probability, ruleScore));
  const withReasonsMs = time(() => predict({ encoder, model, calibrator, reasons: 3 }, frame));
  return {
    rows: frame.rows,
    encodedColumns: encoder.featureNames.length,
    rules: { fit: ruleSet.fit.length, engagement: ruleSet.engagement.length, disqualifiers: ruleSet.disqualifiers.length },
    modelMs,
    rulesMs,
    blendMs,
    withReasonsMs,
  };
});
console.log(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
