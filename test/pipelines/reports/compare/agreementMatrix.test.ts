import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../core/errors.ts';
import { agreementMatrix } from '../../../../pipelines/reports/compare/agreementMatrix.ts';

const levels = ['hot', 'warm', 'cold'];

describe('agreementMatrix', () => {
  it('counts leads and conversions in every cell, empty cells included (hand-computed)', () => {
    const rules = ['hot', 'hot', 'cold', 'cold', 'cold', 'warm'];
    const model = ['hot', 'cold', 'hot', 'hot', 'cold', 'warm'];
    const y = [1, 0, 1, 0, 0, 1];
    const m = agreementMatrix(levels, rules, levels, model, y);
    const cell = (row: string, column: string) => m.cells.find((c) => c.row === row && c.column === column)!;
    expect(m.cells).toHaveLength(9);
    expect(cell('hot', 'hot')).toEqual({ row: 'hot', column: 'hot', count: 1, converted: 1, rate: 1 });
    expect(cell('hot', 'cold')).toMatchObject({ count: 1, converted: 0, rate: 0 });
    expect(cell('cold', 'hot')).toMatchObject({ count: 2, converted: 1, rate: 0.5 });
    expect(cell('cold', 'cold')).toMatchObject({ count: 1, converted: 0, rate: 0 });
    expect(cell('warm', 'warm')).toMatchObject({ count: 1, converted: 1, rate: 1 });
    expect(cell('hot', 'warm')).toMatchObject({ count: 0, converted: 0, rate: null });
    // Diagonal: hot/hot, cold/cold, warm/warm = 3 of 6.
    expect(m.agreement).toBe(0.5);
    expect(m.cells.map((c) => `${c.row}/${c.column}`).slice(0, 3)).toEqual(['hot/hot', 'hot/warm', 'hot/cold']);
  });

  it('rejects a level it was not told about', () => {
    expect(() => agreementMatrix(levels, ['hot', 'lukewarm'], levels, ['hot', 'hot'], [0, 1])).toThrow(InputError);
    expect(() => agreementMatrix(levels, ['hot'], levels, ['hot', 'hot'], [0, 1])).toThrow(/1 row levels/);
  });

  it('has no agreement share when the two sides use different levels', () => {
    expect(agreementMatrix(['A', 'B'], ['A', 'B'], levels, ['hot', 'cold'], [1, 0]).agreement).toBeNull();
  });
});
