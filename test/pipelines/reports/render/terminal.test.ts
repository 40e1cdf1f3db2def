import { describe, expect, it } from 'vitest';
import { renderTable, renderTerminal } from '../../../../pipelines/reports/render/terminal.ts';
import type { TableSection } from '../../../../pipelines/reports/report.ts';
import { sampleReport } from './sampleReport.ts';

const width = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('renderTerminal', () => {
  it('prints title, context, tables with formatted numbers, notes, and names the charts', () => {
    const text = renderTerminal(sampleReport());
    expect(text).toMatch(/^Channel ROI <sample> & co\n=+\n/);
    expect(text).toContain('config: acme.yaml · period: 2026-01-01 to 2026-03-31 · leads: 1,234');
    expect(text).toContain('12,345');
    expect(text).toContain('12.3%');
    expect(text).toContain('1,234,568');
    expect(text).toContain('2.50×');
    expect(text).toContain('ROI needs spend: 1 channel has none.');
    expect(text).toContain('(no rows)');
    expect(text).toMatch(/Charts in the HTML report \(--html <file>\): ROI by channel; Leads over\s+time\./);
    // Everything but the preformatted rule lines fits in 100 columns.
    expect(width(text.replace(/\nfit:\n.*\n/, '\n'))).toBeLessThanOrEqual(100);
  });

  it('prints preformatted lines exactly as given, even past the width', () => {
    const text = renderTerminal(sampleReport(), { width: 60 });
    expect(text).toContain('\nfit:\n  - { field: job_title, equals: "VP <Sales>", points: 15 }   # a comment kept exactly where it was written');
  });

  it('right-aligns numbers and left-aligns text', () => {
    const table: TableSection = {
      kind: 'table',
      id: 't',
      title: 't',
      columns: [
        { key: 'name', label: 'name' },
        { key: 'n', label: 'n', format: 'integer' },
      ],
      rows: [
        { name: 'a', n: 5 },
        { name: 'longer', n: 1000 },
      ],
    };
    expect(renderTable(table, 100)).toEqual(['name        n', '------  -----', 'a           5', 'longer  1,000']);
  });

  it('wraps long text cells instead of cutting them, so nothing is lost in 100 columns', () => {
    const evidence = 'events of type "content_download": 1112 of 28318 (3.9%) timestamped after their lead\'s outcome, across 1080 leads';
    const table: TableSection = {
      kind: 'table',
      id: 'leakage',
      title: 'Leakage',
      columns: [
        { key: 'severity', label: 'severity' },
        { key: 'evidence', label: 'evidence' },
        { key: 'rows', label: 'rows', format: 'integer' },
      ],
      rows: [{ severity: 'info', evidence, rows: 1080 }],
    };
    const lines = renderTable(table, 60);
    expect(width(lines.join('\n'))).toBeLessThanOrEqual(60);
    // The evidence column spans the second run of dashes under the header.
    const [, dashes] = [...lines[1].matchAll(/-+/g)];
    const evidenceText = lines
      .slice(2)
      .map((l) => l.slice(dashes.index, dashes.index! + dashes[0].length).trim())
      .join(' ');
    expect(evidenceText).toBe(evidence);
    expect(lines[2]).toMatch(/1,080$/);
  });

  it('splits a table too wide even after wrapping into column groups that repeat the first column', () => {
    const columns = Array.from({ length: 12 }, (_, j) => ({ key: `c${j}`, label: `column number ${j}`, format: 'number' as const }));
    const table: TableSection = {
      kind: 'table',
      id: 'wide',
      title: 'wide',
      columns: [{ key: 'name', label: 'channel' }, ...columns],
      rows: [{ name: 'organic_search_partners', ...Object.fromEntries(columns.map((c, j) => [c.key, 1000.5 * (j + 1)])) }],
    };
    const lines = renderTable(table, 60);
    expect(width(lines.join('\n'))).toBeLessThanOrEqual(60);
    const blocks = lines.join('\n').split('\n\n');
    expect(blocks.length).toBeGreaterThan(1);
    // The first column names the rows: never narrowed, repeated in every group.
    for (const block of blocks) expect(block).toContain('organic_search_partners');
    // Every value appears once.
    for (let j = 0; j < 12; j++) expect(lines.join('\n')).toContain((1000.5 * (j + 1)).toLocaleString('en-US', { maximumFractionDigits: 0 }));
  });
});
