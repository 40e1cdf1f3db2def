/**
 * The chosen model's calibrated probability for every lead of table lead_features, each as of
 * its snapshot: the same encoder, model and calibrator `leadscore score` uses, applied to all
 * leads rather than the open ones. Used to qualify historical leads when there is no rule file.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FeatureColumn } from '../../../features/featureTable/leadFeatures.ts';
import { readFeatureFrame } from '../../../features/frame/readFeatureFrame.ts';
import { calibratorFromJSON } from '../../../models/calibration/fitCalibrator.ts';
import { useBackend } from '../../../models/neural/backend.ts';
import type { ModelArtifact } from '../../../models/registry/artifact.ts';
import { loadModel } from '../../../models/registry/loadModel.ts';

const batchRows = 65_536;

export async function probabilitiesOfAllLeads(
  connection: DuckDBConnection,
  features: FeatureColumn[],
  artifact: ModelArtifact,
): Promise<{ leadIds: string[]; probability: Float64Array }> {
  if (artifact.kind === 'neural') await useBackend('auto');
  const { encoder, model } = loadModel(artifact);
  const calibrator = artifact.calibration === undefined ? null : calibratorFromJSON(artifact.calibration);
  const frame = await readFeatureFrame(connection, 'select * from lead_features order by lead_id', features);
  const probability = new Float64Array(frame.rows);
  // Batches into one reused buffer, as the scorer does: memory stays flat with the lead count.
  let buffer: Float64Array | undefined;
  for (let start = 0; start < frame.rows; start += batchRows) {
    const X = encoder.transformRows(frame, start, Math.min(frame.rows, start + batchRows), buffer);
    buffer = X.data;
    const raw = model.predictProba(X);
    probability.set(calibrator ? calibrator.transform(raw) : raw, start);
  }
  return { leadIds: frame.leadIds, probability };
}
