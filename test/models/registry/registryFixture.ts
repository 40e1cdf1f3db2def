/** Small, valid artifacts for registry tests: a real (tiny) encoder and model, arbitrary facts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameEncoder } from '../../../features/encoding/frameEncoder.ts';
import { LogisticRegression } from '../../../models/logistic/LogisticRegression.ts';
import { artifactFormat, type ModelArtifact } from '../../../models/registry/artifact.ts';
import { frameOf } from '../../features/frameFixture.ts';

export function tempOutputDir(): string {
  return mkdtempSync(join(tmpdir(), 'leadscore-registry-'));
}

const frame = frameOf({
  numeric: { size: [1, 2, 3, 4, 5, 6, 7, 8] },
  categorical: { channel: ['web', 'ads', 'web', 'ads', 'web', 'web', 'ads', 'web'] },
  label: [0, 0, 1, 0, 1, 1, 0, 1],
});

/** A fitted encoder and model as JSON, shared by every fake artifact. */
function fitted(C: number) {
  const encoder = new FrameEncoder({ min_category_count: 1, max_categories: 10, log_skew_threshold: 2 }).fit(frame);
  const y = Uint8Array.from(frame.label);
  const model = new LogisticRegression({ C }).fit(encoder.transform(frame), y);
  return { encoder: encoder.toJSON(), model: model.toJSON() };
}

export function fakeArtifact(id: string, overrides: Partial<ModelArtifact> = {}, C = 1): ModelArtifact {
  return {
    format: artifactFormat,
    id,
    kind: 'logreg',
    createdAt: '2026-01-01T00:00:00.000Z',
    dataset: 'test',
    featureSpec: {
      leadColumns: [
        { name: 'channel', kind: 'categorical' },
        { name: 'size', kind: 'numeric' },
      ],
      calendarParts: [],
      eventTypes: [],
      windowsDays: [7],
      decayHalfLifeDays: 14,
      hasEvents: false,
      snapshotDays: 7,
      outcomeBeforeSnapshot: 'exclude',
    },
    ...fitted(C),
    evaluation: { strategy: 'time', trainRows: 6, testRows: 2, metrics: { auc: 0.75 } },
    trainingSet: { rows: 8, positives: 4, fingerprint: 'f00d', labelRule: 'won within 90 days', snapshotRule: 'created_at + 7 days' },
    versions: { leadscore: '0.0.0' },
    ...overrides,
  };
}
