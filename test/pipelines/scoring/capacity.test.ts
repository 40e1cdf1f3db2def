import { describe, expect, it } from 'vitest';
import { planCapacity } from '../../../pipelines/scoring/capacity.ts';

const DAY = 86_400_000;
const asOfMs = Date.parse('2026-06-30T00:00:00Z');

/** Leads created `ageDays` before the as-of time, each with a blended score and a probability. */
function leads(rows: Array<{ ageDays: number; score: number; p: number; eligible?: boolean }>) {
  return {
    blendedScore: Float64Array.from(rows, (r) => r.score),
    probability: Float64Array.from(rows, (r) => r.p),
    createdAt: Float64Array.from(rows, (r) => asOfMs - r.ageDays * DAY),
    eligible: Uint8Array.from(rows, (r) => (r.eligible === false ? 0 : 1)),
  };
}

describe('planCapacity', () => {
  // Two weeks of intake: 6 recent qualifying leads (one disqualified), plus an old backlog lead.
  const data = leads([
    { ageDays: 1, score: 90, p: 0.6 },
    { ageDays: 2, score: 70, p: 0.4 },
    { ageDays: 3, score: 70, p: 0.35 },
    { ageDays: 8, score: 50, p: 0.2 },
    { ageDays: 9, score: 30, p: 0.1 },
    { ageDays: 10, score: 10, p: 0.05 },
    { ageDays: 11, score: 95, p: 0.7, eligible: false },
    { ageDays: 200, score: 80, p: 0.3 },
  ]);

  it('sets the threshold so that capacity × weeks of the recent qualifying leads pass it, ties included', () => {
    const plan = planCapacity({ capacityPerWeek: 1, windowWeeks: 2, asOfMs, arrivals: 7, ...data });
    expect(plan.basis).toBe('arrivals');
    // 2 slots in 2 weeks: the 2nd best recent qualifying score is 70, shared by two leads.
    expect(plan.threshold).toBe(70);
    expect(plan.arrivalsPerWeek).toBe(3.5);
    expect(plan.qualifyingPerWeek).toBe(3);
    expect(plan.perWeek).toEqual({ mqls: 1.5, expectedConversions: (0.6 + 0.4 + 0.35) / 2 });
    // The whole run at or above 70: three recent leads and the old one; never the disqualified one.
    expect(plan.leadsAbove).toBe(4);
    expect(plan.expectedConversions).toBeCloseTo(0.6 + 0.4 + 0.35 + 0.3, 12);
    expect(plan.shortfall).toBe(false);
    expect(plan.warning).toBeNull();
    expect(plan.window).toEqual({ weeks: 2, from: '2026-06-16T00:00:00.000Z', to: '2026-06-30T00:00:00.000Z' });
  });

  it('warns and lets every qualifying lead through when the volume cannot fill the capacity', () => {
    const plan = planCapacity({ capacityPerWeek: 5, windowWeeks: 2, asOfMs, arrivals: 7, ...data });
    expect(plan.shortfall).toBe(true);
    expect(plan.threshold).toBe(0);
    expect(plan.leadsAbove).toBe(7);
    expect(plan.warning).toMatch(/cannot fill sales' capacity of 5 leads a week: 3\.0 qualifying new leads a week \(3\.5 new leads a week in all\)/);
  });

  it('sets the threshold on the run itself when the data has no dates', () => {
    const plan = planCapacity({ capacityPerWeek: 3, windowWeeks: 4, asOfMs: null, arrivals: null, ...data });
    expect(plan.basis).toBe('backlog');
    expect(plan.threshold).toBe(70);
    expect(plan.leadsAbove).toBe(4);
    expect(plan.perWeek).toBeNull();
    expect(planCapacity({ capacityPerWeek: 10, windowWeeks: 4, asOfMs: null, arrivals: null, ...data }).warning).toMatch(/no creation dates/);
  });
});
