/**
 * `report roi` with the PostgreSQL warehouse (`output.warehouse_type: postgres`): the open leads'
 * probabilities come from the predictions table there. A real throwaway PostgreSQL
 * (test/helpers/postgres.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoiReport } from '../../../../pipelines/reports/roiReport.ts';
import type { ChannelRow } from '../../../../pipelines/reports/roi/roiTables.ts';
import { trainModel } from '../../../../pipelines/trainModel.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/postgres.ts';
import { openProbabilities, writePredictions, writeRoiFixture } from './roiFixture.ts';

const urlEnv = 'LEADSCORE_ROI_TEST_URL';

describe('report roi reading predictions from a PostgreSQL warehouse', () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startTestPostgres();
    process.env[urlEnv] = server.url;
  });

  afterAll(async () => {
    delete process.env[urlEnv];
    await server?.stop();
  });

  it('uses the predictions there, and asks for a score run when the table is missing', async () => {
    const fixture = writeRoiFixture({ postgres: { url_env: urlEnv }, output: { dir: 'out', warehouse_type: 'postgres' } });
    const trained = await trainModel(fixture.config);
    await expect(buildRoiReport(fixture.config, {})).rejects.toThrow(/PostgreSQL has no table "public"."predictions": run leadscore score first/);

    await writePredictions(fixture, trained.models[0].id, openProbabilities);
    const report = await buildRoiReport(fixture.config, { period: { from: '2024-01-01', to: '2024-02-29' } });
    const ads = (report.data.channels as ChannelRow[]).find((row) => row.channel === 'ads')!;
    // a4 0.2 and a5 0.6, each × ads' mean won amount 3500 (see roiReport.test.ts).
    expect(ads.mean_open_probability).toBeCloseTo(0.4, 12);
    expect(ads.predicted_pipeline_value).toBeCloseTo(2800, 9);
    const password = new URL(server.url).password;
    if (password) expect(JSON.stringify(report)).not.toContain(password);
    expect(report.data.predictions).toMatchObject({ scored: 4, warehouse: expect.stringMatching(/^postgresql:\/\//) });
  });
});
