import { describe, expect, it } from 'vitest';
import { csvField } from '../../data/generator/csv-writer.ts';
import { formatMonth, formatTimestamp, monthIndex, parseAsOf, startOfMonth } from '../../data/generator/timestamps.ts';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('csvField', () => {
  it('quotes only fields with a comma, quote or line break, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('VP, Sales')).toBe('"VP, Sales"');
    expect(csvField('Webinar: "Pipeline Math"')).toBe('"Webinar: ""Pipeline Math"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('timestamps', () => {
  it('formats epoch seconds as YYYY-MM-DD HH:MM:SS in UTC', () => {
    expect(formatTimestamp(at('2026-06-30T23:59:59Z'))).toBe('2026-06-30 23:59:59');
    expect(formatTimestamp(at('2024-02-29T00:00:00Z'))).toBe('2024-02-29 00:00:00');
    expect(formatTimestamp(at('2025-01-01T09:05:07Z'))).toBe('2025-01-01 09:05:07');
  });

  it('reads an as-of date as the end of that day, or an exact moment', () => {
    expect(parseAsOf('2026-06-30')).toBe(at('2026-06-30T23:59:59Z'));
    expect(parseAsOf('2026-06-30 12:00:00')).toBe(at('2026-06-30T12:00:00Z'));
    expect(parseAsOf('2026-06-30T12:00:00')).toBe(at('2026-06-30T12:00:00Z'));
  });

  it('rejects dates that do not exist or are not ISO', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-06-30 24:00:00', '30/06/2026', 'today', '']) {
      expect(parseAsOf(text), text).toBeNull();
    }
  });

  it('steps back whole months and names them YYYY-MM', () => {
    expect(formatTimestamp(startOfMonth(at('2026-06-30T23:59:59Z'), 17))).toBe('2025-01-01 00:00:00');
    expect(formatTimestamp(startOfMonth(at('2026-03-15T10:00:00Z')))).toBe('2026-03-01 00:00:00');
    expect(formatMonth(monthIndex(at('2025-12-31T23:59:59Z')))).toBe('2025-12');
    expect(formatMonth(monthIndex(at('2026-01-01T00:00:00Z')))).toBe('2026-01');
  });
});
