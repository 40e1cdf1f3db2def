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

    // Locals, not out.x[row]: the per-row loop below is most of the fold's time.
    const { fitPoints, engagementPoints, points: totalPoints, score: scores, fitScore: fitScores, engagementScore: engagementScores } = out;
    const { grade: grades, band: bands, matrixCell, disqualified: disqualifiedOut, qualified, temperature, status, disqualifiedBy } = out;
    const bandCount = grading.bandCount;

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
      for (let d = 0; d < compiled.disqualifiers.length; d++) compiled.disqualifiers[d].mark(begin, end, disqualifiedBy, d);
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
        const cell = grade * bandCount + band;
        const disqualified = disqualifiedBy[row] >= 0;

        fitPoints[row] = fit;
        engagementPoints[row] = engaged;
        totalPoints[row] = total;
        scores[row] = score;
        fitScores[row] = fitScore;
        engagementScores[row] = engagementScore;
        grades[row] = grade;
        bands[row] = band + 1;
        matrixCell[row] = cell;
        disqualifiedOut[row] = disqualified ? 1 : 0;
        qualified[row] = grading.qualifies(grade, band, disqualified) ? 1 : 0;
        temperature[row] = grading.temperature(cell, score, disqualified);
        status[row] = grading.status(grade, band, score, disqualified, outcomeStatus?.[row], salesAccepted ? salesAccepted[row] === 1 : false);
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
    const disqualifierIds = ruleSet.disqualifiers.map((rule) => rule.id);
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
      labelColumns: () =>
        lazyColumns({
          grade: () => textColumn(out.grade, gradeLetters),
          matrixCell: () => textColumn(out.matrixCell, grading.cells),
          temperature: () => textColumn(out.temperature, TEMPERATURES),
          status: () => textColumn(out.status, LEAD_STATUSES),
          disqualifiedBy: () => optionalTextColumn(out.disqualifiedBy, disqualifierIds),
          quadrant: () => (quadrants ? textColumn(quadrants.quadrant, quadrants.names) : new Array<string | null>(n).fill(null)),
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

/**
 * codes[i] as text, names[codes[i]]. A plain loop into a preallocated array, as
 * Array.from(typedArray, fn) takes several times longer at a million rows; the strings
 * themselves are the table's, shared, never copied.
 */
function textColumn<T extends string>(codes: Uint8Array, names: readonly T[]): T[] {
  const column = new Array<T>(codes.length);
  for (let i = 0; i < codes.length; i++) column[i] = names[codes[i]];
  return column;
}

/** As textColumn, with null for a negative code. */
function optionalTextColumn<T extends string>(codes: Int16Array, names: readonly T[]): Array<T | null> {
  const column = new Array<T | null>(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    column[i] = code < 0 ? null : names[code];
  }
  return column;
}

/** An object whose every property is built on first read (then kept): callers often want a few columns of many. */
function lazyColumns<T extends object>(builders: { [K in keyof T]: () => T[K] }): T {
  const columns = {} as T;
  for (const key of Object.keys(builders) as Array<keyof T>) {
    Object.defineProperty(columns, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = builders[key]();
        Object.defineProperty(columns, key, { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
    });
  }
  return columns;
}
