/**
 * Monthly spend per channel: leads acquired that month × the channel's cost per lead (±10% noise),
 * so spend scales with the generated volume. Every channel × month of the span gets a row, zero spend included.
 */
import { CHANNELS, CHANNEL_PROFILES, type Channel } from './catalog.ts';
import type { Rng } from './prng.ts';
import { formatMonth } from './timestamps.ts';

export interface ChannelCost {
  channel: Channel;
  /** `YYYY-MM`. */
  month: string;
  cost: number;
}

export class CostLedger {
  private readonly counts: Map<Channel, Uint32Array>;

  /** Months as monthIndex values, inclusive. */
  constructor(
    private readonly firstMonth: number,
    private readonly lastMonth: number,
  ) {
    this.counts = new Map(CHANNELS.map((c) => [c, new Uint32Array(lastMonth - firstMonth + 1)]));
  }

  /** Records one lead acquired through `channel` in `month` (a monthIndex). */
  add(channel: Channel, month: number): void {
    this.counts.get(channel)![month - this.firstMonth]++;
  }

  /** The cost rows, ordered by month, then channel. */
  costs(rng: Rng): ChannelCost[] {
    const rows: ChannelCost[] = [];
    for (let m = this.firstMonth; m <= this.lastMonth; m++) {
      for (const channel of CHANNELS) {
        const leads = this.counts.get(channel)![m - this.firstMonth];
        const cost = Math.round(leads * CHANNEL_PROFILES[channel].costPerLead * rng.lognormal(0, 0.1) * 100) / 100;
        rows.push({ channel, month: formatMonth(m), cost });
      }
    }
    return rows;
  }
}
