/**
 * The rule-based scorer: fit rules over a frame's attribute columns plus the engagement rules'
 * points (from rule_engagement.sql), folded through group, part and total limits into points,
 * 0–100 scores, grade, band, matrix cell, temperature and lifecycle status (see grading.ts).
 *
 * Rows are processed in blocks: each fit rule adds its points for a whole block at once from its
 * lookup table (compileAttributeRule.ts), each group sums in its own block buffer, then one pass
 * over the block applies the limits. Nothing per lead is allocated.
 */
import { InputError } from '../../core/errors.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import { compileRules } from './compileRules.ts';
import { noEngagement, type EngagementPoints } from './engagementPoints.ts';
import { explainLead } from './explainLead.ts';
import { Grading, type OutcomeStatus } from './grading.ts';
import type { RuleScoreLabels, RuleScores } from './ruleScores.ts';
import { LEAD_STATUSES, TEMPERATURES, type RuleSet } from './ruleSet.ts';

export interface ScoringContext {
  /** Each lead's outcome status (lead_labels.status): `lost` recycles the lead, `won` counts as sales accepted. */
  outcomeStatus?: ReadonlyArray<OutcomeStatus | null>;
  /** 1 where the CRM says sales accepted the lead. */
  salesAccepted?: Uint8Array;
}

const BLOCK = 4096;

export class RuleScorer {
  constructor(readonly ruleSet: RuleSet) {}

  /**
   * Scores every row of `frame`. `engagement` must come from the same rule set and the frame's
   * leads (readEngagementPoints); it may be left out only when the rule set has no engagement rules.
   */
  score(frame: FeatureFrame, engagement?: EngagementPoints, context: ScoringContext = {}): RuleScores {
    const { ruleSet } = this;
    const n = frame.rows;
    const points = engagement ?? this.emptyEngagement(n);
    checkInputs(ruleSet, frame, points, context);
    const compiled = compileRules(ruleSet, frame);
    const grading = new Grading(ruleSet);

    const out = {
      fitPoints: new Float64Array(n),
      engagementPoints: new Float64Array(n),
      points: new Float64Array(n),
      score: new Float64Array(n),
      fitScore: new Float64Array(n),
      engagementScore: new Float64Array(n),
      grade: new Uint8Array(n),
      band: new Uint8Array(n),
      matrixCell: new Uint8Array(n),
      temperature: new Uint8Array(n),
      status: new Uint8Array(n),
      disqualified: new Uint8Array(n),
      qualified: new Uint8Array(n),
      disqualifiedBy: new Int16Array(n).fill(-1),
    };
    const quadrants = ruleSet.quadrants
      ? { fitRating: new Uint8Array(n), painRating: new Uint8Array(n), quadrant: new Uint8Array(n), names: [...ruleSet.quadrants.names] }
      : null;

    const groups = ruleSet.groups;
    const groupIndex = new Map(groups.map((g, i) => [g.name, i]));
    const groupLimit = Float64Array.from(groups, (g) => g.limit);
    const fitGroups = Int32Array.from(groups.flatMap((g, i) => (g.part === 'fit' ? [i] : [])));
    const engagementGroups = Int32Array.from(groups.flatMap((g, i) => (g.part === 'engagement' ? [i] : [])));
    const fitGroupOf = ruleSet.fit.map((rule) => (rule.group === null ? -1 : groupIndex.get(rule.group)!));
    const engagementGroupOf = Int32Array.from(ruleSet.engagement, (rule) => (rule.group === null ? -1 : groupIndex.get(rule.group)!));
    const { total: totalLimit, fit: fitLimit, engagement: engagementLimit } = ruleSet.limits;

    const fitFree = new Float64Array(BLOCK);
    const engagementFree = new Float64Array(BLOCK);
    const groupSums = new Float64Array(Math.max(1, groups.length) * BLOCK);
    const { start: entryStart, rule: entryRule, points: entryPoints } = points;
    const { outcomeStatus, salesAccepted } = context;

    for (let begin = 0; begin < n; begin += BLOCK) {
      const end = Math.min(n, begin + BLOCK);
      const size = end - begin;
      fitFree.fill(0);
      engagementFree.fill(0);
      groupSums.fill(0);
      for (let j = 0; j < compiled.fit.length; j++) {
        const g = fitGroupOf[j];
        compiled.fit[j].addPoints(begin, end, g < 0 ? fitFree : groupSums, g < 0 ? 0 : g * BLOCK);
      }
      for (let d = 0; d < compiled.disqualifiers.length; d++) compiled.disqualifiers[d].mark(begin, end, out.disqualifiedBy, d);
      for (let k = 0; k < size; k++) {
        const row = begin + k;
        for (let x = entryStart[row]; x < entryStart[row + 1]; x++) {
          const g = engagementGroupOf[entryRule[x]];
          if (g < 0) engagementFree[k] += entryPoints[x];
          else groupSums[g * BLOCK + k] += entryPoints[x];
        }
      }

      for (let k = 0; k < size; k++) {
        const row = begin + k;
        let fit = fitFree[k];
        for (let i = 0; i < fitGroups.length; i++) {
          const g = fitGroups[i];
          const sum = groupSums[g * BLOCK + k];
          fit += sum > groupLimit[g] ? groupLimit[g] : sum;
        }
        if (fit > fitLimit) fit = fitLimit;
        let engaged = engagementFree[k];
        for (let i = 0; i < engagementGroups.length; i++) {
          const g = engagementGroups[i];
          const sum = groupSums[g * BLOCK + k];
          engaged += sum > groupLimit[g] ? groupLimit[g] : sum;
        }
        if (engaged > engagementLimit) engaged = engagementLimit;
        let total = fit + engaged;
        if (total > totalLimit) total = totalLimit;

        // Multiplying before dividing keeps whole-number ratios exact (29 × 100 / 100 = 29), so
        // a score equal to a cut-off is not missed by one rounding step.
        const score = total > 0 ? (total * 100) / totalLimit : 0;
        const fitScore = fit > 0 && fitLimit > 0 ? (fit * 100) / fitLimit : 0;
        const engagementScore = engaged > 0 && engagementLimit > 0 ? (engaged * 100) / engagementLimit : 0;
        const grade = grading.gradeIndex(fitScore);
        const band = grading.bandIndex(engagementScore);
        const cell = grade * grading.bandCount + band;
        const disqualified = out.disqualifiedBy[row] >= 0;

        out.fitPoints[row] = fit;
        out.engagementPoints[row] = engaged;
        out.points[row] = total;
        out.score[row] = score;
        out.fitScore[row] = fitScore;
        out.engagementScore[row] = engagementScore;
        out.grade[row] = grade;
        out.band[row] = band + 1;
        out.matrixCell[row] = cell;
        out.disqualified[row] = disqualified ? 1 : 0;
        out.qualified[row] = grading.qualifies(grade, band, disqualified) ? 1 : 0;
        out.temperature[row] = grading.temperature(cell, score, disqualified);
        out.status[row] = grading.status(grade, band, score, disqualified, outcomeStatus?.[row], salesAccepted ? salesAccepted[row] === 1 : false);
        if (quadrants) {
          const fitRating = grading.rating(fitScore);
          const painRating = grading.rating(engagementScore);
          quadrants.fitRating[row] = fitRating;
          quadrants.painRating[row] = painRating;
          quadrants.quadrant[row] = grading.quadrant(fitRating, painRating);
        }
      }
    }

    const gradeLetters = ruleSet.grades.map((g) => g.letter);
    const labels = (row: number): RuleScoreLabels => ({
      grade: gradeLetters[out.grade[row]],
      matrixCell: grading.cells[out.matrixCell[row]],
      temperature: TEMPERATURES[out.temperature[row]],
      status: LEAD_STATUSES[out.status[row]],
      disqualifiedBy: out.disqualifiedBy[row] < 0 ? null : ruleSet.disqualifiers[out.disqualifiedBy[row]].id,
      quadrant: quadrants ? quadrants.names[quadrants.quadrant[row]] : null,
    });
    return {
      rows: n,
      leadIds: frame.leadIds,
      ...out,
      gradeLetters,
      cells: grading.cells,
      quadrants,
      explain: (row) => explainLead(compiled, points, row),
      labels,
      labelColumns: () => ({
        grade: Array.from(out.grade, (g) => gradeLetters[g]),
        matrixCell: Array.from(out.matrixCell, (c) => grading.cells[c]),
        temperature: Array.from(out.temperature, (t) => TEMPERATURES[t]),
        status: Array.from(out.status, (s) => LEAD_STATUSES[s]),
        disqualifiedBy: Array.from(out.disqualifiedBy, (d) => (d < 0 ? null : ruleSet.disqualifiers[d].id)),
        quadrant: quadrants ? Array.from(quadrants.quadrant, (q) => quadrants.names[q]) : new Array<string | null>(n).fill(null),
      }),
    };
  }

  private emptyEngagement(rows: number): EngagementPoints {
    if (this.ruleSet.engagement.length) {
      throw new InputError(`${this.ruleSet.where} has engagement rules: score() needs their points (readEngagementPoints)`, {
        expected: 'EngagementPoints for the frame',
      });
    }
    return noEngagement(this.ruleSet, rows);
  }
}

function checkInputs(ruleSet: RuleSet, frame: FeatureFrame, engagement: EngagementPoints, context: ScoringContext): void {
  const sameRules =
    engagement.ruleIds.length === ruleSet.engagement.length && engagement.ruleIds.every((id, j) => id === ruleSet.engagement[j].id);
  if (!sameRules) {
    throw new InputError(`engagement points were computed for rules ${engagement.ruleIds.join(', ') || '(none)'}, not those of ${ruleSet.where}`, {
      expected: ruleSet.engagement.map((r) => r.id).join(', '),
    });
  }
  const lengths: Array<[string, number | undefined]> = [
    ['engagement points', engagement.rows],
    ['outcomeStatus', context.outcomeStatus?.length],
    ['salesAccepted', context.salesAccepted?.length],
  ];
  for (const [what, length] of lengths) {
    if (length !== undefined && length !== frame.rows) {
      throw new InputError(`${what} has ${length} rows, the frame ${frame.rows}`, { expected: 'one entry per frame row' });
    }
  }
}
