/**
 * Does a rule add predictive value? On the holdout, the leads it fired for are compared with the
 * leads it did not fire for: the relative risk (conversion rate when fired / rate when not) with
 * a 95% confidence interval, Katz's log method (Haldane's +½ in every cell when one is empty, so
 * a rule that fired for 12 leads and 0 converted still gets an interval).
 *
 * The verdicts, which the compare report marks:
 *  - `no evidence`: the interval contains 1: on this holdout, leads the rule fires for convert
 *    no differently from the rest, so its points add noise, not information;
 *  - `wrong direction`: the interval excludes 1 on the side the points contradict (a rule giving
 *    points to leads that convert less; a penalty or disqualifier on leads that convert more);
 *  - `never fires` / `fires for every lead`: nothing to compare on this holdout;
 *  - `adds value`: the interval excludes 1 on the side the points claim.
 *
 * This judges each rule on its own (marginally), as a marketer reads a rule: "leads who filled a
 * form convert 3× as often". A rule that only repeats another (two rules on the same behaviour)
 * still shows value here; the model's suggested points, fitted jointly, are where such overlap
 * shows (one of the two gets few points).
 */
import { InputError } from '../../../core/errors.ts';

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

export type RuleVerdict = 'adds value' | 'no evidence' | 'wrong direction' | 'never fires' | 'fires for every lead';

export interface RuleValue {
  fired: number;
  firedConverted: number;
  /** Conversion rate of the leads the rule fired for; null when it never fired. */
  firedRate: number | null;
  notFired: number;
  notFiredConverted: number;
  notFiredRate: number | null;
  /** firedRate / notFiredRate (with Haldane's correction when a cell is empty); null when not defined. */
  relativeRisk: number | null;
  low: number | null;
  high: number | null;
  verdict: RuleVerdict;
}

/**
 * `fired[i]` is 1 where the rule fired for lead i; `direction` is +1 for a rule giving points
 * (it claims fired leads convert more), −1 for a penalty or a disqualifier.
 */
export function ruleValue(fired: ArrayLike<number>, y: ArrayLike<number>, direction: 1 | -1): RuleValue {
  if (fired.length !== y.length) throw new InputError(`ruleValue: ${fired.length} fired flags but ${y.length} labels`);
  let a = 0; // fired, converted
  let n1 = 0;
  let c = 0; // not fired, converted
  let n0 = 0;
  for (let i = 0; i < y.length; i++) {
    const converted = y[i] === 1 ? 1 : 0;
    if (fired[i]) {
      n1++;
      a += converted;
    } else {
      n0++;
      c += converted;
    }
  }
  const base = {
    fired: n1,
    firedConverted: a,
    firedRate: n1 ? a / n1 : null,
    notFired: n0,
    notFiredConverted: c,
    notFiredRate: n0 ? c / n0 : null,
  };
  if (n1 === 0) return { ...base, relativeRisk: null, low: null, high: null, verdict: 'never fires' };
  if (n0 === 0) return { ...base, relativeRisk: null, low: null, high: null, verdict: 'fires for every lead' };
  const emptyCell = a === 0 || c === 0 || a === n1 || c === n0;
  const [A, N1, C, N0] = emptyCell ? [a + 0.5, n1 + 1, c + 0.5, n0 + 1] : [a, n1, c, n0];
  const logRr = Math.log(A / N1 / (C / N0));
  const se = Math.sqrt(1 / A - 1 / N1 + 1 / C - 1 / N0);
  const low = Math.exp(logRr - Z95 * se);
  const high = Math.exp(logRr + Z95 * se);
  let verdict: RuleVerdict;
  if (low <= 1 && high >= 1) verdict = 'no evidence';
  else if ((direction > 0 && high < 1) || (direction < 0 && low > 1)) verdict = 'wrong direction';
  else verdict = 'adds value';
  return { ...base, relativeRisk: Math.exp(logRr), low, high, verdict };
}
