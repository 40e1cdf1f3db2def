/**
 * `leadscore report compare`: the model held against the rule score on the model's evaluation
 * holdout (pipelines/holdoutScores.ts: the leads `train` evaluated on, the model's probability
 * from a fit that never saw them, the rule score as of each lead's snapshot, the blend), so
 * every number compares the two on the same leads:
 *
 *  - ROC AUC, lift and capture by decile of the rule score, the model and the blend (ties in
 *    the rule score shared fairly, models/evaluation/tiedLift.ts), and their rank correlation;
 *  - the agreement matrix: the rule engine's temperature × the model's band (the config's
 *    scoring.temperature cut-offs on the probability), with the actual conversion in every cell;
 *  - the leads where they disagree most (by percentile), with both explanations;
 *  - every current rule judged on the holdout (compare/ruleValue.ts: fired-vs-not relative risk
 *    and its 95% interval; rules whose interval contains 1 are marked as adding no value);
 *  - suggested points: the logistic model as a rule file to paste (compare/scorecard.ts), next
 *    to the current points.
 *
 * Without a rule file (X Education has none) the report still runs: it says so, shows the model
 * side, and the suggested points become a first rule file.
 */
import { parse as parseYaml } from 'yaml';
import type { ResolvedConfig } from '../../data/config.ts';
import { LeadscoreError } from '../../core/errors.ts';
import { silentProgress } from '../../core/progress.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import { takeFrameRows } from '../../features/frame/takeFrameRows.ts';
import type { EncodedSource } from '../../features/encoding/columnEncoder.ts';
import { prAuc, rocAuc } from '../../models/evaluation/metrics.ts';
import { kendallTauB, spearman } from '../../models/evaluation/rankCorrelation.ts';
import { tiedLiftByDecile, type TiedDecileLift } from '../../models/evaluation/tiedLift.ts';
import { topReasons } from '../../models/explain/topReasons.ts';
import { readArtifact, type ModelArtifact } from '../../models/registry/artifact.ts';
import { loadModel } from '../../models/registry/loadModel.ts';
import { artifactPath, modelIds } from '../../models/registry/registryDir.ts';
import { formatPoints } from '../../models/rules/describeRule.ts';
import type { FiredRule } from '../../models/rules/explainLead.ts';
import { parseRules } from '../../models/rules/parseRules.ts';
import { TEMPERATURES, type RuleSet } from '../../models/rules/ruleSet.ts';
import { withHoldout, type HoldoutScores } from '../holdoutScores.ts';
import { scoreLeadsByRules } from '../ruleStage.ts';
import { temperatureOf } from '../scoreLeads.ts';
import { describeBlend } from '../scoring/blend.ts';
import { agreementMatrix } from './compare/agreementMatrix.ts';
import { agreementChart, captureChart, liftChart, type ScoreDeciles } from './compare/compareCharts.ts';
import { currentRuleLines, type CurrentRuleLine } from './compare/currentRules.ts';
import { mostDisagreeing, type Disagreement } from './compare/disagreements.ts';
import { ruleValue } from './compare/ruleValue.ts';
import { suggestPoints, type PointsSuggestion } from './compare/suggestPoints.ts';
import { suggestedVsCurrent } from './compare/suggestedVsCurrent.ts';
import type { Cell, Report, ReportSection, TableSection } from './report.ts';
import { defaultTop, describePeriod, periodBounds, type ReportOptions, type ReportPeriod } from './reportOptions.ts';

/** Points to double the odds in the suggested rule file (a common credit-scorecard choice). */
export const suggestedPdo = 20;
/** Reasons shown per lead in the disagreement tables. */
const reasonsPerLead = 3;

/** The holdout leads the report is about (after the period filter), in one row order. */
export type CompareHoldout = Pick<HoldoutScores, 'modelId' | 'leadIds' | 'label' | 'probability' | 'rules' | 'blendedScore' | 'blend' | 'strategy' | 'caveats'>;

export interface CompareInputs {
  artifact: ModelArtifact;
  configFile: string;
  ruleFile: string | null;
  holdout: CompareHoldout;
  /** The model's band cut-offs on the probability (the config's scoring.temperature). */
  cutoffs: { hot: number; warm: number };
  /** The current rules on the holdout leads; null without a rule file. */
  currentRules: CurrentRuleLine[] | null;
  /** Lead i's fired rules (the rule engine's explanation); null without a rule file. */
  explainRules: ((row: number) => FiredRule[]) | null;
  /** Lead i's top reasons by the saved model; empty when the model kind cannot explain. */
  explainModel: (row: number) => string[];
  suggestion: PointsSuggestion;
  /** The suggested rule file's scores (0–100) by the rule engine on the holdout leads; null when it did not load. */
  suggestedScores?: Float64Array | null;
  /** Why the suggested rule file did not load (a bug to report: it should always load). */
  suggestedProblem?: string | null;
  /** The holdout leads' features, for the suggested points' support. */
  frame: FeatureFrame;
  period?: ReportPeriod;
  /** The config learns its blend at scoring time (blend.learn): this report shows the weighted one. */
  blendLearned?: boolean;
  /** A logistic model to suggest points from when the compared one is not (newest first). */
  logisticAlternative?: string | null;
  top?: number;
  generatedAt?: Date;
}

export async function buildCompareReport(config: ResolvedConfig, options: ReportOptions = {}): Promise<Report> {
  const progress = options.progress ?? silentProgress;
  return withHoldout(config, { model: options.model, progress }, async ({ connection, artifact, tables, ruleSet, frame, scores: scored }) => {
    for (const caveat of scored.caveats) progress.warn(caveat);
    const keep = rowsInPeriod(scored.createdAt, options.period);
    const holdout = selectRows(scored, keep);

    const rowOf = new Map(frame.leadIds.map((id, i) => [id, i]));
    const holdoutFrame = takeFrameRows(
      frame,
      holdout.leadIds.map((id) => rowOf.get(id)!),
    );

    let currentRules: CurrentRuleLine[] | null = null;
    let explainRules: CompareInputs['explainRules'] = null;
    if (ruleSet) {
      const done = progress.stage('which rules fired for each holdout lead');
      const rules = holdout.rules!;
      explainRules = (i) => rules.explain(i);
      currentRules = currentRuleLines(ruleSet, explainRules, holdout.leadIds.length);
      done(`${currentRules.length} rule lines`);
    }

    const done = progress.stage('suggested points');
    const { encoder, model } = loadModel(artifact);
    const sources = new Map<string, EncodedSource>(encoder.featureNames.map((name, j) => [name, encoder.sources[j]]));
    const explainModel = (i: number): string[] => {
      if (!model.contributions) return [];
      const X = encoder.transformRows(holdoutFrame, i, i + 1);
      return topReasons(model.contributions(X, 0, X.cols), sources, holdoutFrame, i, reasonsPerLead).map((r) => r.text);
    };
    const attributes = tables.spec.leadColumns.map((c) => c.name);
    const suggestion = suggestPoints(artifact, holdoutFrame, holdout.label, {
      pdo: suggestedPdo,
      attributes,
      eventTypes: tables.spec.eventTypes,
      temperature: config.scoring.temperature,
      dataset: config.name,
    });
    done(suggestion.available ? `${suggestion.points.scorecard.rules.length} rules` : suggestion.reason);

    // The suggested file run through the rule engine on the same leads: proof that it loads and
    // fits the data, and what it would score (rule windows leave out an event exactly
    // window_days old, which the model's window counts include).
    let suggestedScores: Float64Array | null = null;
    let suggestedProblem: string | null = null;
    if (suggestion.available) {
      const checked = progress.stage('the suggested rule file through the rule engine');
      try {
        const suggested = parseRules(parseYaml(suggestion.points.ruleFile.text), 'the suggested rule file', 'suggested: ');
        const scores = await scoreLeadsByRules(connection, suggested, tables.ingest, { kind: 'training' });
        const row = new Map(scores.leadIds.map((id, i) => [id, i]));
        suggestedScores = Float64Array.from(holdout.leadIds, (id) => scores.score[row.get(id)!]);
        checked(`AUC ${rocAuc(holdout.label, suggestedScores).toFixed(3)}`);
      } catch (error) {
        if (!(error instanceof LeadscoreError)) throw error;
        suggestedProblem = error.message;
        checked(`does not load: ${error.message}`);
      }
    }

    return assembleCompareReport({
      artifact,
      configFile: config.file,
      ruleFile: config.rules ?? null,
      holdout,
      cutoffs: config.scoring.temperature,
      currentRules,
      explainRules,
      explainModel,
      suggestion,
      suggestedScores,
      suggestedProblem,
      frame: holdoutFrame,
      period: options.period,
      blendLearned: config.blend.learn,
      logisticAlternative: suggestion.available ? null : newestLogistic(config.output.dir),
      top: options.top,
    });
  });
}

/** Holdout rows created in the period (all rows without one). */
function rowsInPeriod(createdAt: Float64Array, period: ReportPeriod | undefined): number[] {
  const { start, endExclusive } = periodBounds(period);
  const from = start ? Date.parse(`${start}T00:00:00Z`) : -Infinity;
  const to = endExclusive ? Date.parse(`${endExclusive}T00:00:00Z`) : Infinity;
  const rows: number[] = [];
  const filtering = start !== null || endExclusive !== null;
  for (let i = 0; i < createdAt.length; i++) if (!filtering || (createdAt[i] >= from && createdAt[i] < to)) rows.push(i);
  if (filtering && rows.length === 0) {
    const dated = createdAt.some((t) => !Number.isNaN(t));
    throw new LeadscoreError('input', `leadscore report compare: no holdout lead was created in the period (${describePeriod(period)})`, {
      hint: dated ? 'widen --from/--to; the holdout is the newest leads for a time split' : 'these leads have no creation dates: leave out --from/--to',
    });
  }
  return rows;
}

function selectRows(holdout: HoldoutScores, rows: number[]): CompareHoldout {
  if (rows.length === holdout.leadIds.length) return holdout;
  const take = <T>(values: ArrayLike<T>) => rows.map((r) => values[r]);
  const rules = holdout.rules;
  return {
    ...holdout,
    leadIds: take(holdout.leadIds),
    label: Uint8Array.from(rows, (r) => holdout.label[r]),
    probability: Float64Array.from(rows, (r) => holdout.probability[r]),
    blendedScore: Float64Array.from(rows, (r) => holdout.blendedScore[r]),
    rules: rules && {
      ruleScore: Float64Array.from(rows, (r) => rules.ruleScore[r]),
      fitScore: Float64Array.from(rows, (r) => rules.fitScore[r]),
      engagementScore: Float64Array.from(rows, (r) => rules.engagementScore[r]),
      temperature: take(rules.temperature),
      grade: take(rules.grade),
      status: take(rules.status),
      matrixCell: take(rules.matrixCell),
      disqualified: Uint8Array.from(rows, (r) => rules.disqualified[r]),
      explain: (row) => rules.explain(rows[row]),
    },
  };
}

/** The newest logistic model in the registry, for a report on a neural one. */
function newestLogistic(outputDir: string): string | null {
  const ids = modelIds(outputDir).filter((id) => id.startsWith('logreg-'));
  for (const id of ids.reverse()) {
    try {
      if (readArtifact(artifactPath(outputDir, id)).kind === 'logreg') return id;
    } catch {
      // An unreadable folder is `models list`'s to report, not this one's.
    }
  }
  return null;
}

interface ScoreSummary {
  key: 'rules' | 'model' | 'blend';
  name: string;
  scores: ArrayLike<number>;
  auc: number;
  prAuc: number;
  deciles: TiedDecileLift[];
}

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The report from everything it needs, computed here and nowhere else (no I/O). */
export function assembleCompareReport(inputs: CompareInputs): Report {
  const { artifact, holdout, suggestion } = inputs;
  const top = inputs.top ?? defaultTop;
  const y = holdout.label;
  const n = y.length;
  const positives = y.reduce((s, v) => s + v, 0);
  const rules = holdout.rules;

  const summarize = (key: ScoreSummary['key'], name: string, scores: ArrayLike<number>): ScoreSummary => ({
    key,
    name,
    scores,
    auc: rocAuc(y, scores),
    prAuc: prAuc(y, scores),
    deciles: tiedLiftByDecile(y, scores),
  });
  const summaries: ScoreSummary[] = [
    ...(rules ? [summarize('rules', 'rule score', rules.ruleScore)] : []),
    summarize('model', 'model', holdout.probability),
    ...(rules ? [summarize('blend', 'blend', holdout.blendedScore)] : []),
  ];

  const summaryTable: TableSection = {
    kind: 'table',
    id: 'summary',
    title: 'Rule score, model and blend on the same holdout leads',
    columns: [
      { key: 'score', label: 'score', format: 'text' },
      { key: 'auc', label: 'ROC AUC', format: 'number' },
      { key: 'pr_auc', label: 'PR AUC', format: 'number' },
      { key: 'top_decile_lift', label: 'top-decile lift', format: 'ratio' },
      { key: 'capture_10', label: 'capture, top 10%', format: 'percent' },
      { key: 'capture_30', label: 'capture, top 30%', format: 'percent' },
    ],
    rows: summaries.map((s) => ({
      score: s.name,
      auc: finite(s.auc),
      pr_auc: finite(s.prAuc),
      top_decile_lift: finite(s.deciles[0].lift),
      capture_10: finite(s.deciles[0].cumulativeCapture),
      capture_30: finite(s.deciles[2].cumulativeCapture),
    })),
    note:
      `${n} holdout leads, ${positives} converted (${pct(n ? positives / n : NaN)}). ` +
      (rules ? `Blend: ${describeBlend(holdout.blend)}. ` : 'No rule file in the config: the model alone. ') +
      'Capture: the share of all conversions among the top-scored leads; leads tied on a score share its decile’s conversions evenly.',
  };

  const sections: ReportSection[] = [];
  const caveats = [...holdout.caveats];
  if (!rules) {
    caveats.unshift(
      'The config has no rule file (`rules:`), so there is no rule score to compare: the model side is shown, and the suggested points below are a first rule file to start from.',
    );
  }
  if (inputs.blendLearned && rules) {
    caveats.push('The config learns its blend when scoring (blend.learn); the blend here is the weighted one of blend.weight. `score --learn-blend --json` reports the learned blend’s cross-fitted AUC.');
  }
  if (caveats.length) sections.push({ kind: 'text', id: 'caveats', title: 'Caveats', lines: caveats });
  sections.push(summaryTable);

  const deciles: ScoreDeciles[] = summaries.map((s) => ({ score: s.name, deciles: s.deciles }));
  sections.push(
    {
      kind: 'chart',
      id: 'capture-chart',
      title: 'Cumulative capture by decile',
      spec: captureChart(deciles),
      note: 'Contacting leads in the order of each score: the share of all conversions reached after each tenth. Dashed: random order.',
    },
    { kind: 'chart', id: 'lift-chart', title: 'Lift by decile', spec: liftChart(deciles), note: 'Conversion rate of each tenth over the average; the dashed line is 1.' },
    decileTable(summaries),
  );

  let correlation: Record<string, { spearman: number | null; kendall: number | null }> | null = null;
  if (rules) {
    const pairs: Array<[string, ArrayLike<number>, ArrayLike<number>]> = [
      ['rule score vs model', rules.ruleScore, holdout.probability],
      ['rule score vs blend', rules.ruleScore, holdout.blendedScore],
      ['model vs blend', holdout.probability, holdout.blendedScore],
    ];
    correlation = {};
    for (const [name, a, b] of pairs) {
      correlation[name] = n > 1 ? { spearman: finite(spearman(a, b)), kendall: finite(kendallTauB(a, b)) } : { spearman: null, kendall: null };
    }
    sections.push({
      kind: 'table',
      id: 'rank-correlation',
      title: 'Do they order leads alike?',
      columns: [
        { key: 'pair', label: 'scores', format: 'text' },
        { key: 'spearman', label: 'Spearman ρ', format: 'number' },
        { key: 'kendall', label: 'Kendall τ-b', format: 'number' },
      ],
      rows: Object.entries(correlation).map(([pair, c]) => ({ pair, spearman: c.spearman, kendall: c.kendall })),
      note: 'Rank correlation on the holdout leads: 1 = the same order, 0 = unrelated orders. Ties (many leads share a rule score) are accounted for.',
    });
  }

  let agreementData: unknown = null;
  let disagreementData: unknown = null;
  if (rules) {
    const band = Array.from(holdout.probability, (p) => temperatureOf(p, inputs.cutoffs));
    const matrix = agreementMatrix(TEMPERATURES, rules.temperature, TEMPERATURES, band, y);
    agreementData = matrix;
    sections.push(
      {
        kind: 'table',
        id: 'agreement',
        title: 'Agreement: rule temperature × model band',
        columns: [
          { key: 'rule_temperature', label: 'rule temperature', format: 'text' },
          { key: 'model_band', label: 'model band', format: 'text' },
          { key: 'leads', label: 'leads', format: 'integer' },
          { key: 'share', label: 'share of leads', format: 'percent' },
          { key: 'converted', label: 'converted', format: 'integer' },
          { key: 'rate', label: 'conversion rate', format: 'percent' },
        ],
        rows: matrix.cells.map((c) => ({
          rule_temperature: c.row,
          model_band: c.column,
          leads: c.count,
          share: n ? c.count / n : null,
          converted: c.converted,
          rate: c.rate,
        })),
        note:
          `Rules and model put ${pct(matrix.agreement)} of the leads in the same temperature. ` +
          `Model band: the config’s scoring.temperature cut-offs on the model’s probability (≥ ${pct(inputs.cutoffs.hot)} hot, ≥ ${pct(inputs.cutoffs.warm)} warm).`,
      },
      {
        kind: 'chart',
        id: 'agreement-chart',
        title: 'Agreement heatmap',
        spec: agreementChart(matrix, 'rule temperature', 'model band'),
        note: 'Each cell: the conversion rate of its leads and how many there are. Off the diagonal, the colour says which side was right.',
      },
    );

    const { modelHigher, rulesHigher } = mostDisagreeing(holdout.probability, rules.ruleScore, top);
    const describeLead = (d: Disagreement) => ({
      lead_id: holdout.leadIds[d.index],
      converted: y[d.index] === 1,
      probability: holdout.probability[d.index],
      model_percentile: d.modelPercentile / 100,
      rule_score: rules.ruleScore[d.index],
      rule_percentile: d.rulePercentile / 100,
      rule_temperature: rules.temperature[d.index],
      model_reasons: inputs.explainModel(d.index).join('; '),
      rules_fired: describeFired(inputs.explainRules ? inputs.explainRules(d.index) : []),
    });
    const higher = modelHigher.map(describeLead);
    const lower = rulesHigher.map(describeLead);
    disagreementData = { modelHigher: higher, rulesHigher: lower };
    const columns = [
      { key: 'lead_id', label: 'lead', format: 'text' as const },
      { key: 'converted', label: 'converted', format: 'text' as const },
      { key: 'probability', label: 'probability', format: 'percent' as const },
      { key: 'model_percentile', label: 'model pct.', format: 'percent' as const },
      { key: 'rule_score', label: 'rule score', format: 'number' as const },
      { key: 'rule_percentile', label: 'rules pct.', format: 'percent' as const },
      { key: 'model_reasons', label: 'model: top reasons', format: 'text' as const },
      { key: 'rules_fired', label: 'rules: what fired', format: 'text' as const },
    ];
    const converted = (leads: Array<{ converted: boolean }>) => leads.filter((l) => l.converted).length;
    sections.push(
      {
        kind: 'table',
        id: 'model-higher',
        title: 'Model rates far higher than the rules',
        columns,
        rows: higher,
        note: `The ${higher.length} holdout leads with the largest gap in percentile, model above rules; ${converted(higher)} of them converted.`,
      },
      {
        kind: 'table',
        id: 'rules-higher',
        title: 'Rules rate far higher than the model',
        columns,
        rows: lower,
        note: `The ${lower.length} holdout leads with the largest gap in percentile, rules above model; ${converted(lower)} of them converted.`,
      },
    );
  }

  let ruleValueData: unknown = null;
  if (inputs.currentRules) {
    const judged = inputs.currentRules.map((line) => ({ line, value: ruleValue(line.fired, y, line.direction) }));
    ruleValueData = judged.map(({ line, value }) => ({
      key: line.key,
      rule: line.rule,
      part: line.part,
      condition: line.condition,
      points: line.points,
      ...value,
      addsValue: value.verdict === 'adds value',
    }));
    const marked = judged.filter(({ value }) => value.verdict !== 'adds value').length;
    sections.push({
      kind: 'table',
      id: 'rule-value',
      title: 'Current rules: do they add predictive value?',
      columns: [
        { key: 'rule', label: 'rule', format: 'text' },
        { key: 'condition', label: 'when', format: 'text' },
        { key: 'points', label: 'points', format: 'text' },
        { key: 'fired', label: 'fired for', format: 'integer' },
        { key: 'rate_fired', label: 'converted when fired', format: 'percent' },
        { key: 'rate_not_fired', label: 'when not', format: 'percent' },
        { key: 'relative_risk', label: 'ratio', format: 'ratio' },
        { key: 'ci', label: '95% interval', format: 'text' },
        { key: 'verdict', label: 'verdict', format: 'text' },
      ],
      rows: judged.map(({ line, value }) => ({
        rule: line.rule,
        condition: line.condition,
        points: line.points,
        fired: value.fired,
        rate_fired: value.firedRate,
        rate_not_fired: value.notFiredRate,
        relative_risk: value.relativeRisk,
        ci: value.low === null || value.high === null ? null : `${value.low.toFixed(2)}–${value.high.toFixed(2)}`,
        verdict: value.verdict === 'adds value' ? 'adds value' : `✗ ${value.verdict}`,
      })),
      note:
        `${marked} of ${judged.length} rule lines marked ✗. A rule adds value when the leads it fires for convert at a different rate ` +
        'from the others in the direction its points claim: the ratio of the two rates with its 95% interval (Katz) excludes 1. ' +
        '“no evidence”: the interval contains 1; “wrong direction”: it excludes 1 on the other side. Each rule is judged on its own.',
    });
  }

  sections.push(...suggestionSections(inputs, suggestion));

  const generatedAt = inputs.generatedAt ?? new Date();
  return {
    name: 'compare',
    title: `Model vs rules: ${artifact.id}`,
    context: {
      dataset: artifact.dataset,
      config: inputs.configFile,
      model: artifact.id,
      kind: artifact.kind,
      rules: inputs.ruleFile ?? 'none (no rules: in the config)',
      holdout: `${holdout.strategy} split, ${n} leads, ${positives} converted`,
      leads: describePeriod(inputs.period),
      generated: generatedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    },
    sections,
    mainTable: 'summary',
    data: {
      model: { id: artifact.id, kind: artifact.kind, dataset: artifact.dataset },
      ruleFile: inputs.ruleFile,
      holdout: { strategy: holdout.strategy, rows: n, positives, period: inputs.period ?? null, caveats },
      scores: Object.fromEntries(summaries.map((s) => [s.key, { auc: s.auc, prAuc: s.prAuc, deciles: s.deciles }])),
      blend: rules ? holdout.blend : null,
      rankCorrelation: correlation,
      agreement: agreementData,
      disagreements: disagreementData,
      ruleValue: ruleValueData,
      suggestedPoints: suggestion.available
        ? {
            pdo: suggestion.points.scorecard.pdo,
            factor: suggestion.points.scorecard.factor,
            base: suggestion.points.scorecard.base,
            maxPoints: suggestion.points.scorecard.maxPoints,
            rules: suggestion.points.scorecard.rules,
            leftOut: suggestion.points.scorecard.leftOut,
            temperature: suggestion.points.temperature,
            fidelity: {
              ...suggestion.points.fidelity,
              ruleEngineAuc: inputs.suggestedScores ? rocAuc(holdout.label, inputs.suggestedScores) : null,
              problem: inputs.suggestedProblem ?? null,
            },
            omitted: suggestion.points.ruleFile.omitted,
            ruleFile: suggestion.points.ruleFile.text,
          }
        : { unavailable: suggestion.reason, logisticAlternative: inputs.logisticAlternative ?? null },
    },
  };
}

/** `Form filled +40; group web −5; disqualified: Tiny company`. */
function describeFired(lines: FiredRule[]): string {
  const parts = lines
    .filter((line) => line.kind === 'disqualifier' || line.points !== 0)
    .map((line) => (line.kind === 'disqualifier' ? `disqualified: ${line.name}` : `${line.name} ${line.points > 0 ? '+' : '−'}${formatPoints(Math.abs(line.points))}`));
  return parts.length ? parts.join('; ') : 'nothing';
}

function decileTable(summaries: ScoreSummary[]): TableSection {
  const columns: TableSection['columns'] = [{ key: 'decile', label: 'decile', format: 'integer' }];
  for (const s of summaries) columns.push({ key: `${s.key}_lift`, label: `${s.name} lift`, format: 'ratio' });
  for (const s of summaries) columns.push({ key: `${s.key}_capture`, label: `${s.name} cum. capture`, format: 'percent' });
  const rows = summaries[0].deciles.map((d, k) => {
    const row: Record<string, Cell> = { decile: d.decile };
    for (const s of summaries) {
      row[`${s.key}_lift`] = finite(s.deciles[k].lift);
      row[`${s.key}_capture`] = finite(s.deciles[k].cumulativeCapture);
    }
    return row;
  });
  return {
    kind: 'table',
    id: 'deciles',
    title: 'Lift and capture by decile',
    columns,
    rows,
    note: 'Holdout leads ranked by each score, highest first, in ten groups of equal size (1 = the top tenth).',
  };
}

function suggestionSections(inputs: CompareInputs, suggestion: PointsSuggestion): ReportSection[] {
  if (!suggestion.available) {
    const alternative = inputs.logisticAlternative
      ? `Run it for the newest logistic model: leadscore report compare --config ${inputs.configFile} --model ${inputs.logisticAlternative}`
      : 'Train one with `leadscore train --kind logreg` and run this report with its --model.';
    return [{ kind: 'text', id: 'suggested-points', title: 'Suggested points', lines: [`${suggestion.reason}.`, alternative] }];
  }
  const { scorecard, ruleFile, fidelity, temperature } = suggestion.points;
  const rows = suggestedVsCurrent(scorecard, inputs.frame, inputs.holdout.label, inputs.currentRules);
  const table: TableSection = {
    kind: 'table',
    id: 'suggested-points',
    title: `Suggested points (${scorecard.pdo} points double the odds)`,
    columns: [
      { key: 'rule', label: 'rule', format: 'text' },
      { key: 'condition', label: 'when', format: 'text' },
      { key: 'suggested', label: 'suggested', format: 'integer' },
      ...(inputs.currentRules ? [{ key: 'current', label: 'current (mean)', format: 'number' as const }] : []),
      { key: 'leads', label: 'holdout leads', format: 'integer' },
      { key: 'rate', label: 'converted', format: 'percent' },
      { key: 'log_odds', label: 'log-odds', format: 'number' },
    ],
    rows: rows.map((r) => ({
      rule: r.feature,
      condition: r.condition,
      suggested: r.suggested,
      ...(inputs.currentRules ? { current: r.current } : {}),
      leads: r.leads,
      rate: r.rate,
      log_odds: r.logOdds,
    })),
    note:
      `The model’s coefficients as points: ${scorecard.pdo} × log₂ of the odds, so ${scorecard.pdo} more points mean twice the odds of converting. ` +
      'Each attribute’s lowest answer is 0; an event count scores against none of that event. ' +
      (inputs.currentRules
        ? 'Current: the mean points the current rules on the same attribute or event gave these leads (blank when no current rule tests it). '
        : '') +
      `Paste the rule file below; its score is points ÷ ${Math.max(1, scorecard.maxPoints)} × 100, hot from ${temperature.hot.toFixed(1)}, warm from ${temperature.warm.toFixed(1)}.`,
  };
  const engineAuc = inputs.suggestedScores ? rocAuc(inputs.holdout.label, inputs.suggestedScores) : NaN;
  const lines = [
    `How faithful: on these holdout leads the points order leads like the model (Spearman ρ ${fixed(fidelity.spearman, 3)}); ` +
      `ROC AUC ${fixed(fidelity.pointsAuc, 3)} for the points against ${fixed(fidelity.savedModelAuc, 3)} for the saved model they come from ` +
      '(the saved model was refitted on every labelled lead, these included, so both flatter; the gap is what rounding the model into rules loses).',
    inputs.suggestedScores
      ? `The rule file below, scored by the rule engine on the same leads (each at its snapshot): ROC AUC ${fixed(engineAuc, 3)}. ` +
        'It can differ from the points’ AUC where the engine differs from the model’s features: negative totals score 0.'
      : `✗ The rule file below did not load${inputs.suggestedProblem ? `: ${inputs.suggestedProblem}` : ''}. Please report this as a bug.`,
    ...scorecard.leftOut.map((f) => `Not in the rules: ${f.feature} (${f.reason}; the model spreads ${f.spread.toFixed(1)} points over it).`),
    ...(ruleFile.omitted.length ? [`Left out of the file, every answer rounds to 0 points: ${ruleFile.omitted.join(', ')}.`] : []),
  ];
  return [
    table,
    { kind: 'text', id: 'suggested-fidelity', title: 'What the suggested points keep of the model', lines },
    {
      kind: 'text',
      id: 'suggested-rule-file',
      title: 'Suggested rule file (YAML, for the config’s rules:)',
      lines: ruleFile.text.replace(/\n$/, '').split('\n'),
      preformatted: true,
    },
  ];
}
