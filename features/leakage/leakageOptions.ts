/**
 * Thresholds of the frame leakage checks, validated once at the public entry point.
 *
 * Defaults tuned on X Education (test/features/leakage/realData.test.ts), where the
 * post-contact columns are known: with all columns the sales team's `Tags` reaches AUC 0.92
 * while the best honest feature (`Last Activity`) reaches 0.73; `Lead Quality = "Worst"` (601
 * leads, 2.0 % converted) and `Tags = "Closed by Horizzon"` (3.9 % of rows, 99.4 %) are only
 * caught with a 3 % purity and 3 % support bound (2 % and 5 % miss or barely catch them), while
 * the nearest honest values stay clear: `Lead Source = "Welingak Website"` (98.6 % but 1.5 % of
 * rows) and `Lead Profile = "Student of SomeSchool"` (3.7 %, 2.6 % of rows).
 */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';

const schema = z.strictObject({
  /** Flag a feature whose single-feature ROC AUC, max(auc, 1 − auc), is at least this. */
  aucThreshold: z.number().gt(0.5).max(1).default(0.9),
  /** Flag a category whose conversion rate is ≤ this or ≥ 1 − this. */
  pureRate: z.number().min(0).lt(0.5).default(0.03),
  /** ... and that holds at least this share of the labelled rows ... */
  minSupportShare: z.number().min(0).max(1).default(0.03),
  /** ... and at least this many rows. */
  minSupportRows: z.number().int().min(1).default(30),
});

export type LeakageOptionsInput = z.input<typeof schema>;
export type LeakageOptions = z.output<typeof schema>;

export function resolveLeakageOptions(options: unknown): LeakageOptions {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new InputError(`checkLeakage: invalid options: ${z.prettifyError(parsed.error)}`, { received: options });
  }
  return parsed.data;
}
