/** The sample-CRM generator: deterministic CSVs whose conversion follows a known model. */
export {
  generateSampleCrm,
  DEFAULT_AS_OF,
  DEFAULT_LEADS,
  DEFAULT_SEED,
  SPAN_MONTHS,
  type GenerateOptions,
  type GeneratedCrm,
} from './generate.ts';
export {
  trueConversionLogit,
  trueConversionProbability,
  trueFitLogit,
  trueEngagementLogit,
  summarizeEngagement,
  seniorityOf,
  TRUTH,
  ENGAGEMENT_WINDOW_DAYS,
  type LeadFit,
  type EngagementSummary,
  type TimedEvent,
} from './truth.ts';
export { BAD_ROW_RECIPES, type InjectedBadRow, type BadRowKind, type BadRowTable } from './bad-rows.ts';
export { COLUMNS, FILE_NAMES, type OutcomeStatus } from './tables.ts';
export {
  CHANNELS,
  CHANNEL_PROFILES,
  INDUSTRIES,
  JOB_TITLES,
  COUNTRIES,
  EVENT_TYPES,
  SENIORITIES,
  type Channel,
  type Industry,
  type Seniority,
  type EventType,
} from './catalog.ts';
export { Rng, weightedPicker } from './prng.ts';
export { csvField, CsvWriter } from './csv-writer.ts';
