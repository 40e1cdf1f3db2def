import { describe, expect, it } from 'vitest';
import { formatCell } from '../../../../pipelines/reports/render/formatCell.ts';

describe('formatCell', () => {
  it('formats each column format as documented', () => {
    expect(formatCell(12345.6, 'integer')).toBe('12,346');
    expect(formatCell(0.78912, 'number')).toBe('0.789');
    expect(formatCell(23.46, 'number')).toBe('23.5');
    expect(formatCell(12345.6, 'number')).toBe('12,346');
    expect(formatCell(0.1567, 'percent')).toBe('15.7%');
    expect(formatCell(1234567.891, 'currency')).toBe('1,234,568');
    expect(formatCell(56.784, 'currency')).toBe('56.78');
    expect(formatCell(23.46, 'days')).toBe('23.5');
    expect(formatCell(3, 'days')).toBe('3');
    expect(formatCell(2.314, 'ratio')).toBe('2.31×');
    expect(formatCell('as is', 'text')).toBe('as is');
  });

  it('says what is missing and what is undefined, and never prints -0', () => {
    expect(formatCell(null, 'percent')).toBe('–');
    expect(formatCell(undefined)).toBe('–');
    expect(formatCell(NaN, 'percent')).toBe('n/a');
    expect(formatCell(Infinity, 'ratio')).toBe('n/a');
    expect(formatCell(-0.004, 'currency')).toBe('0.00');
    expect(formatCell(-0.0001, 'percent')).toBe('0.0%');
    expect(formatCell(-0.5, 'ratio')).toBe('-0.50×');
    expect(formatCell(true)).toBe('yes');
    expect(formatCell(false)).toBe('no');
  });
});
