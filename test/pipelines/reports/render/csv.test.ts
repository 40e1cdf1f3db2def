import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCsv, writeCsvTables } from '../../../../pipelines/reports/render/csv.ts';
import { sampleReport } from './sampleReport.ts';

describe('CSV', () => {
  it('writes the main table with column keys, unformatted numbers, RFC 4180 quoting and formula guards', () => {
    expect(renderCsv(sampleReport()).split('\n')).toEqual([
      'channel,leads,conversion,revenue,roi,days,probability,paid',
      'paid_search,12345,0.1234,1234567.891,2.5,23.46,0.15678,true',
      `"'=HYPERLINK(""x"")",7,,12.5,,,0.0004,false`,
      '"newsletter, ""growth""",0,0,-0.004,-0.5,3,1,',
      '',
    ]);
  });

  it('writes every table into a folder, one file each, and nothing else', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'leadscore-csv-')), 'nested');
    const files = writeCsvTables(sampleReport(), dir);
    expect(files).toEqual([join(dir, 'roi-channels.csv'), join(dir, 'roi-empty.csv')]);
    expect(readdirSync(dir).sort()).toEqual(['roi-channels.csv', 'roi-empty.csv']);
    expect(readFileSync(files[1], 'utf8')).toBe('a\n');
  });

  it('names the tables there are when asked for one that is not', () => {
    expect(() => renderCsv(sampleReport(), 'nope')).toThrow(/no table "nope"/);
  });
});
