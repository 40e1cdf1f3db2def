import { describe, expect, it } from 'vitest';
import { LeadscoreError, NotFittedError } from '../../../core/errors.ts';
import { IsotonicCalibrator } from '../../../models/calibration/IsotonicCalibrator.ts';
import { brier, expectedCalibrationError } from '../../../models/evaluation/metrics.ts';
import { seeded } from '../modelFixtures.ts';
import { distortedSample } from './calibrationData.ts';

const labels = (...v: number[]) => Uint8Array.from(v);

/** Textbook PAV, quadratic: merge the first violating pair of blocks until none is left. */
function naivePav(points: Array<{ x: number; y: number }>): Map<number, number> {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const blocks: Array<{ xs: number[]; sum: number; n: number }> = [];
  for (const point of sorted) {
    const last = blocks[blocks.length - 1];
    if (last && last.xs[last.xs.length - 1] === point.x) {
      last.sum += point.y;
      last.n++;
    } else blocks.push({ xs: [point.x], sum: point.y, n: 1 });
  }
  for (let i = 0; i + 1 < blocks.length; ) {
    if (blocks[i].sum / blocks[i].n >= blocks[i + 1].sum / blocks[i + 1].n) {
      blocks[i] = { xs: [...blocks[i].xs, ...blocks[i + 1].xs], sum: blocks[i].sum + blocks[i + 1].sum, n: blocks[i].n + blocks[i + 1].n };
      blocks.splice(i + 1, 1);
      i = 0;
    } else i++;
  }
  return new Map(blocks.flatMap((b) => b.xs.map((x) => [x, b.sum / b.n] as [number, number])));
}

describe('IsotonicCalibrator', () => {
  it('pools adjacent violators on a hand-worked example and interpolates between blocks', () => {
    // Labels 0 1 0 1 0 1 by increasing score: (1, 0) pools to ½, the next (1, 0) to ½, equal
    // means pool again, so the fit is 0, ½, ½, ½, ½, 1 and the knots are the block ends.
    const iso = new IsotonicCalibrator().fit([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], labels(0, 1, 0, 1, 0, 1));
    expect(Array.from(iso.knots.x)).toEqual([0.1, 0.2, 0.5, 0.6]);
    expect(Array.from(iso.knots.y)).toEqual([0, 0.5, 0.5, 1]);
    const out = iso.transform([0.05, 0.1, 0.15, 0.35, 0.5, 0.55, 0.6, 0.9]);
    // Clipped below, ramp 0 → ½, flat inside the block, ramp ½ → 1, clipped above.
    expect(Array.from(out).map((v) => Number(v.toFixed(12)))).toEqual([0, 0, 0.25, 0.5, 0.5, 0.75, 1, 1]);
  });

  it('merges tied scores into one point before pooling', () => {
    // Scores 0.2, 0.2 with labels 1, 0 are one point of mean ½ and weight 2; it pools with the
    // 0 at 0.4 into (1 + 0 + 0) / 3 = ⅓; then 1 at 0.7.
    const iso = new IsotonicCalibrator().fit([0.2, 0.4, 0.2, 0.7], labels(1, 0, 0, 1));
    expect(Array.from(iso.knots.x)).toEqual([0.2, 0.4, 0.7]);
    expect(Array.from(iso.knots.y)).toEqual([1 / 3, 1 / 3, 1]);
    // Row order does not matter.
    const reordered = new IsotonicCalibrator().fit([0.7, 0.2, 0.2, 0.4], labels(1, 0, 1, 0));
    expect(reordered.toJSON()).toEqual(iso.toJSON());
    // A single distinct score fits a constant.
    const flat = new IsotonicCalibrator().fit([0.3, 0.3, 0.3], labels(1, 0, 0));
    expect(Array.from(flat.transform([0, 0.3, 1]))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('equals textbook PAV on random data with many ties, and is non-decreasing', () => {
    const random = seeded(5);
    const points = Array.from({ length: 400 }, () => {
      const x = Math.round(random() * 60) / 60;
      return { x, y: random() < 0.2 + 0.6 * x ? 1 : 0 };
    });
    const iso = new IsotonicCalibrator().fit(
      points.map((p) => p.x),
      Uint8Array.from(points.map((p) => p.y)),
    );
    const expected = naivePav(points);
    const xs = [...expected.keys()];
    const fitted = iso.transform(xs);
    xs.forEach((x, k) => expect(fitted[k]).toBeCloseTo(expected.get(x)!, 12));
    const grid = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
    const curve = iso.transform(grid);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]);
  });

  it('lowers ECE and Brier score of a miscalibrated model on rows it was not fitted on', () => {
    const fitPart = distortedSample(5_000, 21);
    const testPart = distortedSample(5_000, 22);
    const iso = new IsotonicCalibrator().fit(fitPart.p, fitPart.y);
    const calibrated = iso.transform(testPart.p);
    const rawEce = expectedCalibrationError(testPart.y, testPart.p);
    const rawBrier = brier(testPart.y, testPart.p);
    expect(expectedCalibrationError(testPart.y, calibrated)).toBeLessThan(rawEce / 2);
    expect(brier(testPart.y, calibrated)).toBeLessThan(rawBrier);
  });

  it('round-trips through JSON and rejects a damaged state', () => {
    const { p, y } = distortedSample(300, 4);
    const iso = new IsotonicCalibrator().fit(p, y);
    const json = JSON.parse(JSON.stringify(iso.toJSON()));
    const loaded = IsotonicCalibrator.fromJSON(json);
    expect(Array.from(loaded.transform(p))).toEqual(Array.from(iso.transform(p)));
    expect(() => IsotonicCalibrator.fromJSON({ ...json, x: [...json.x].reverse() })).toThrow(/strictly increasing/);
    expect(() => IsotonicCalibrator.fromJSON({ ...json, y: json.y.slice(1) })).toThrow(LeadscoreError);
    expect(() => new IsotonicCalibrator().transform([0.5])).toThrow(NotFittedError);
  });
});
