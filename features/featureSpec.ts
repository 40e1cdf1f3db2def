/**
 * What a model was trained on, fixed at training time and saved with it, so scoring builds the
 * exact same features (same attributes, same event types, same windows) from new data.
 */
import type { CalendarPart, FeatureColumn } from './featureTable/leadFeatures.ts';

export interface FeatureSpec {
  /** Lead columns used as features (channel, campaign, attributes) with their kinds. */
  leadColumns: FeatureColumn[];
  calendarParts: CalendarPart[];
  /** Event types with window counts; empty for sources without events. */
  eventTypes: string[];
  windowsDays: number[];
  decayHalfLifeDays: number;
  /** True when the source had events at training time. */
  hasEvents: boolean;
  snapshotDays: number;
  outcomeBeforeSnapshot: 'clamp' | 'exclude';
}
