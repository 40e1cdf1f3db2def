/**
 * A fit rule or disqualifier compiled against one frame column, so scoring a million leads is
 * array indexing. For a categorical column each dictionary code gets its option (and points) in
 * a lookup table, built once per frame: the regexes and case-insensitive comparisons run once per
 * distinct value, not once per lead. A numeric column keeps its options as bounds and value
 * sets, tested in order (rules have a handful of options).
 */
import { InputError } from '../../core/errors.ts';
import { findFrameColumn, type FeatureFrame, type FrameColumn } from '../../features/frame/featureFrame.ts';
import type { Matcher } from './ruleSet.ts';

const NO_OPTION = -1;

export class CompiledAttributeRule {
  readonly column: FrameColumn;
  readonly points: Float64Array;
  /** Categorical: option of code c at index c + 1 (index 0 = missing). */
  private readonly optionByCode: Int16Array | null = null;
  /** Categorical: points of code c at index c + 1; 0 where no option matches. */
  private readonly pointsByCode: Float64Array | null = null;
  /** Numeric: option o matches min[o] <= v < max[o], or v in sets[o], or v missing (missingOption). */
  private readonly min: Float64Array = new Float64Array(0);
  private readonly max: Float64Array = new Float64Array(0);
  private readonly sets: Array<Float64Array | null> = [];
  private readonly missingOption: number = NO_OPTION;

  constructor(frame: FeatureFrame, attribute: string, matchers: readonly Matcher[], points: readonly number[]) {
    const column = findFrameColumn(frame, attribute);
    if (!column) throw new InputError(`the frame has no column ${JSON.stringify(attribute)}`, { where: attribute });
    this.column = column;
    this.points = Float64Array.from(points);
    if (column.kind === 'categorical') {
      const lower = column.dictionary.map((value) => value.toLowerCase());
      this.optionByCode = new Int16Array(column.dictionary.length + 1).fill(NO_OPTION);
      this.optionByCode[0] = matchers.findIndex((m) => m.kind === 'missing');
      matchers.forEach((matcher, o) => {
        const matches = textTest(matcher);
        for (let code = 0; code < lower.length; code++) {
          if (this.optionByCode![code + 1] === NO_OPTION && matches(column.dictionary[code], lower[code])) {
            this.optionByCode![code + 1] = o;
          }
        }
      });
      this.pointsByCode = Float64Array.from(this.optionByCode, (o) => (o === NO_OPTION ? 0 : points[o]));
    } else {
      this.min = Float64Array.from(matchers, (m) => (m.kind === 'range' ? (m.min ?? -Infinity) : NaN));
      this.max = Float64Array.from(matchers, (m) => (m.kind === 'range' ? (m.max ?? Infinity) : NaN));
      this.sets = matchers.map((m) =>
        m.kind === 'equals' ? Float64Array.of(Number(m.value)) : m.kind === 'in' ? Float64Array.from(m.values, Number) : null,
      );
      this.missingOption = matchers.findIndex((m) => m.kind === 'missing');
    }
  }

  /** The option matching `row`, or -1. */
  optionAt(row: number): number {
    if (this.optionByCode) return this.optionByCode[(this.column as { codes: Int32Array }).codes[row] + 1];
    return this.numericOption((this.column as { values: Float64Array }).values[row]);
  }

  /** Adds the points of rows start..end-1 to target[offset + (row - start)]. */
  addPoints(start: number, end: number, target: Float64Array, offset: number): void {
    if (this.pointsByCode) {
      const codes = (this.column as { codes: Int32Array }).codes;
      const lut = this.pointsByCode;
      for (let row = start, k = offset; row < end; row++, k++) target[k] += lut[codes[row] + 1];
      return;
    }
    const values = (this.column as { values: Float64Array }).values;
    for (let row = start, k = offset; row < end; row++, k++) {
      const option = this.numericOption(values[row]);
      if (option !== NO_OPTION) target[k] += this.points[option];
    }
  }

  /** Sets out[row] = mark for rows start..end-1 that match any option and are still unmarked (< 0). */
  mark(start: number, end: number, out: Int16Array, mark: number): void {
    for (let row = start; row < end; row++) if (out[row] < 0 && this.optionAt(row) !== NO_OPTION) out[row] = mark;
  }

  /** The lead's value as text, for explanations. */
  valueText(row: number): string {
    const column = this.column;
    if (column.kind === 'categorical') return column.codes[row] < 0 ? 'missing' : column.dictionary[column.codes[row]];
    const value = column.values[row];
    return Number.isNaN(value) ? 'missing' : String(value);
  }

  private numericOption(value: number): number {
    if (value !== value) return this.missingOption;
    const { min, max, sets } = this;
    for (let o = 0; o < sets.length; o++) {
      const set = sets[o];
      if (set === null) {
        if (value >= min[o] && value < max[o]) return o;
      } else {
        for (let s = 0; s < set.length; s++) if (set[s] === value) return o;
      }
    }
    return NO_OPTION;
  }
}

/** A test of one dictionary value (and its lower-case form) against a matcher. */
function textTest(matcher: Matcher): (value: string, lower: string) => boolean {
  switch (matcher.kind) {
    case 'equals': {
      const wanted = String(matcher.value).toLowerCase();
      return (_, lower) => lower === wanted;
    }
    case 'in': {
      const wanted = new Set(matcher.values.map((v) => String(v).toLowerCase()));
      return (_, lower) => wanted.has(lower);
    }
    case 'pattern': {
      const regex = new RegExp(matcher.pattern, 'i');
      return (value) => regex.test(value);
    }
    case 'range':
    case 'missing':
      return () => false;
  }
}
