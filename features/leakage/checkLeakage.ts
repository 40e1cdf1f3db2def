/**
 * Leakage sanity checks on the training frame, run before a model is fitted: features that
 * separate the outcome too well on their own, and categories that are (almost) pure. Both point
 * at columns recorded after the outcome; a finding is evidence to look at, not proof.
 */
import { InputError } from '../../core/errors.ts';
import type { FeatureFrame } from '../frame/featureFrame.ts';
import { sortFindings, type LeakageFinding } from './leakageFinding.ts';
import { resolveLeakageOptions, type LeakageOptions, type LeakageOptionsInput } from './leakageOptions.ts';
import { pureCategoryFindings } from './pureCategories.ts';
import { featureAuc, singleFeatureAucFinding } from './singleFeatureAuc.ts';

/** Findings on the labelled rows of `frame`, most severe first. Unlabelled rows are ignored. */
export function checkLeakage(frame: FeatureFrame, options: LeakageOptionsInput = {}): LeakageFinding[] {
  const resolved = resolveLeakageOptions(options);
  let labelled = 0;
  for (let i = 0; i < frame.rows; i++) if (frame.label[i] === 0 || frame.label[i] === 1) labelled++;
  const rows = new Uint32Array(labelled);
  const y = new Uint8Array(labelled);
  let positives = 0;
  for (let i = 0, k = 0; i < frame.rows; i++) {
    if (frame.label[i] !== 0 && frame.label[i] !== 1) continue;
    rows[k] = i;
    y[k] = frame.label[i];
    positives += frame.label[i];
    k++;
  }
  if (positives === 0 || positives === labelled) {
    throw new InputError(`checkLeakage: ${labelled} labelled rows with ${positives} positives: need both outcomes to judge leakage`, {
      hint: 'check the label rule (label.window_days, outcomes)',
    });
  }
  return sortFindings(check(frame, rows, y, positives / labelled, resolved));
}

function check(frame: FeatureFrame, rows: Uint32Array, y: Uint8Array, baseRate: number, options: LeakageOptions): LeakageFinding[] {
  const findings: LeakageFinding[] = [];
  for (const column of frame.columns) {
    const auc = singleFeatureAucFinding(column, featureAuc(column, rows, y), rows.length, options.aucThreshold);
    if (auc) findings.push(auc);
    if (column.kind === 'categorical') findings.push(...pureCategoryFindings(column, rows, y, baseRate, options));
  }
  return findings;
}
