/**
 * Suggested points from a saved model: its logistic coefficients turned into a scorecard
 * (scorecard.ts), written as a rule file (suggestedRuleFile.ts), with the temperature cut-offs
 * where the model's calibrated probability crosses the config's, and how faithful the points
 * are to the model on the given leads.
 *
 * The points come from the saved model, the one `score` uses, not from the holdout refit: it is
 * the model a marketer means to copy. It was refitted on every labelled lead, so on the holdout
 * both its AUC and the points' AUC flatter; their difference is what the translation loses.
 */
import type { FeatureFrame } from '../../../features/frame/featureFrame.ts';
import { calibratorFromJSON } from '../../../models/calibration/fitCalibrator.ts';
import { sigmoid } from '../../../models/calibration/logit.ts';
import { rocAuc } from '../../../models/evaluation/metrics.ts';
import { spearman } from '../../../models/evaluation/rankCorrelation.ts';
import { LogisticRegression } from '../../../models/logistic/LogisticRegression.ts';
import type { ModelArtifact } from '../../../models/registry/artifact.ts';
import { loadModel } from '../../../models/registry/loadModel.ts';
import { buildScorecard, scoreAtProbability, scorecardPoints, type Scorecard } from './scorecard.ts';
import { suggestedRuleFile, type SuggestedRuleFile } from './suggestedRuleFile.ts';

export interface SuggestPointsOptions {
  pdo: number;
  /** Rule-testable attributes (channel, campaign, lead attributes) and the data's event types. */
  attributes: readonly string[];
  eventTypes: readonly string[];
  /** The config's probability cut-offs (scoring.temperature). */
  temperature: { hot: number; warm: number };
  /** Name of the dataset, for the rule file's name. */
  dataset: string;
}

export interface SuggestedPoints {
  scorecard: Scorecard;
  ruleFile: SuggestedRuleFile;
  /** The rule file's temperature cut-offs (0–100 score) and the probabilities they stand for. */
  temperature: { hot: number; warm: number; hotProbability: number; warmProbability: number };
  /** On the given leads: the points' ranking against the saved model's. */
  fidelity: { spearman: number; pointsAuc: number; savedModelAuc: number };
}

export type PointsSuggestion = { available: true; points: SuggestedPoints } | { available: false; reason: string };

export function suggestPoints(artifact: ModelArtifact, frame: FeatureFrame, y: Uint8Array, options: SuggestPointsOptions): PointsSuggestion {
  const { encoder, model } = loadModel(artifact);
  if (!(model instanceof LogisticRegression)) {
    return {
      available: false,
      reason: `model ${artifact.id} is a ${artifact.kind} model; suggested points are a logistic model's coefficients`,
    };
  }
  const scorecard = buildScorecard(encoder, { columns: model.columns, coef: model.coef, intercept: model.intercept }, frame, {
    pdo: options.pdo,
    attributes: options.attributes,
    eventTypes: options.eventTypes,
  });
  const calibrator = artifact.calibration === undefined ? null : calibratorFromJSON(artifact.calibration);
  const probabilityOf = (logOdds: number) => (calibrator ? calibrator.transform([sigmoid(logOdds)])[0] : sigmoid(logOdds));
  const total = Math.max(1, scorecard.maxPoints);
  const hot = scoreAtProbability(scorecard, total, probabilityOf, options.temperature.hot);
  const warm = scoreAtProbability(scorecard, total, probabilityOf, options.temperature.warm);
  const reach = (score: number, p: number) =>
    score >= 100 ? `the probability never reaches ${(100 * p).toFixed(0)}%, so the top score, 100` : `from the score where the probability reaches ${(100 * p).toFixed(0)}%`;
  const ruleFile = suggestedRuleFile(scorecard, {
    name: `${options.dataset}-suggested`,
    description: `Points from logistic model ${artifact.id}: ${scorecard.pdo} points double the odds of converting.`,
    header: [
      `Suggested by \`leadscore report compare\` from model ${artifact.id} (${artifact.dataset}).`,
      `Scaled log-odds as credit scorecards use them: every ${scorecard.pdo} points double the odds of converting.`,
      'Numeric bands and event-count bands are cut at quantiles of the holdout leads.',
      `Temperature (the model's calibrated probability): hot: ${reach(hot, options.temperature.hot)};`,
      `warm: ${reach(warm, options.temperature.warm)}. MQL from the warm cut-off.`,
      ...(scorecard.leftOut.length ? [`Not expressible as rules (left out): ${scorecard.leftOut.map((f) => f.feature).join(', ')}.`] : []),
    ],
    temperature: { hot, warm },
  });
  if (!ruleFile.value.fit && !ruleFile.value.engagement) {
    return { available: false, reason: `no feature of model ${artifact.id} that a rule can test is worth a point (${scorecard.pdo} points double the odds)` };
  }
  const points = scorecardPoints(scorecard, frame);
  // In batches: a holdout of 200,000 leads × 150 encoded columns would be a 240 MB matrix at once.
  const saved = new Float64Array(frame.rows);
  let buffer: Float64Array | undefined;
  for (let start = 0; start < frame.rows; start += 65_536) {
    const X = encoder.transformRows(frame, start, Math.min(frame.rows, start + 65_536), buffer);
    buffer = X.data;
    saved.set(model.predictProba(X), start);
  }
  return {
    available: true,
    points: {
      scorecard,
      ruleFile,
      temperature: { hot, warm, hotProbability: options.temperature.hot, warmProbability: options.temperature.warm },
      fidelity: {
        spearman: frame.rows > 1 ? spearman(points, saved) : NaN,
        pointsAuc: frame.rows ? rocAuc(y, points) : NaN,
        savedModelAuc: frame.rows ? rocAuc(y, saved) : NaN,
      },
    },
  };
}
