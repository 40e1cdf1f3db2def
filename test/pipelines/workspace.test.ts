import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace, releaseWorkspaceMemory } from '../../pipelines/workspace.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadscore-workspace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('workspace', () => {
  it('releases its tables, views and temp tables before it is closed', async () => {
    const workspace = await openWorkspace(dir);
    const c = workspace.connection;
    await c.run(`create table leads as select i, 'L' || i as lead_id, i * 1.5 as x from range(200000) r(i)`);
    await c.run(`create view lead_features as select * from leads`);
    await c.run(`create temp table scratch as select * from leads`);
    await c.run(`create table "odd ""name""" (x integer)`);
    const limit = async () => (await c.runAndReadAll(`select current_setting('memory_limit') as l`)).getRowObjectsJS()[0].l;
    expect(await limit()).toBe('953.6 MiB');
    await releaseWorkspaceMemory(c);
    const left = await c.runAndReadAll(`select count(*)::integer as n from duckdb_tables()`);
    expect(left.getRowObjectsJS()[0].n).toBe(0);
    // The lower limit is what makes DuckDB free the dropped tables now rather than at close.
    expect(await limit()).toMatch(/^6\d(\.\d)? MiB$/);
    workspace.close();
  });
});
