/**
 * A lead's events. Each lead has a hidden intent (how much it wants to buy) and activity (how much
 * it clicks around, heavy-tailed). Intent drives the events the truth rewards — pricing views, demo
 * requests, webinars, email clicks — but never the outcome directly: the outcome is drawn from the
 * early events alone (truth.ts), so a model that sees them can reach the true probabilities.
 *
 * Early events fall in the first ENGAGEMENT_WINDOW_DAYS days, most in the first two; late events
 * follow after the window, mostly before the lead's close.
 */
import { CHANNEL_PROFILES, EVENT_TYPES, type EventType } from './catalog.ts';
import type { Lead } from './lead.ts';
import { weightedPicker, type Rng } from './prng.ts';
import { SECONDS_PER_DAY } from './timestamps.ts';
import { ENGAGEMENT_WINDOW_DAYS, TRUTH, trueFitLogit, type TimedEvent } from './truth.ts';

export interface SampledEvent extends TimedEvent {
  type: EventType;
  /** Whole seconds after the lead's created_at. */
  secondsAfterCreated: number;
  /** Seconds on page for page views, minutes for webinars; null for the rest. */
  value: number | null;
}

export interface Propensity {
  /** Standard-normal-ish appetite to buy; correlated with fit. */
  intent: number;
  /** Multiplier on event rates; mean ≈ the channel's activity, lognormal tail. */
  activity: number;
}

const WINDOW = ENGAGEMENT_WINDOW_DAYS * SECONDS_PER_DAY;
const ACTIVITY_SIGMA = 0.8;
/** How strongly intent follows fit: good-fit leads engage more, as in real funnels. */
const INTENT_FROM_FIT = 0.3;
const LATE_EVENTS_MEAN = 4;
const LATE_BOOST_WHEN_WON = 1.4;
const LATE_MEAN_DAYS = 20;
/** Share of late events before the close; the rest are post-close emails and visits. */
const LATE_BEFORE_CLOSE = 0.92;

const LATE_TYPE_WEIGHTS: Record<EventType, number> = {
  email_open: 0.34,
  page_view: 0.3,
  email_click: 0.09,
  pricing_page_view: 0.07,
  content_download: 0.07,
  social_engagement: 0.05,
  webinar_attended: 0.03,
  form_submit: 0.03,
  newsletter_signup: 0.01,
  demo_request: 0.01,
};
const pickLateType = weightedPicker(EVENT_TYPES.map((t) => LATE_TYPE_WEIGHTS[t]));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function samplePropensity(rng: Rng, lead: Lead): Propensity {
  const intent = INTENT_FROM_FIT * (trueFitLogit(lead) - TRUTH.intercept) + rng.normal();
  const activity =
    CHANNEL_PROFILES[lead.channel].activity * rng.lognormal(0.25 * intent - (ACTIVITY_SIGMA * ACTIVITY_SIGMA) / 2, ACTIVITY_SIGMA);
  return { intent, activity };
}

function eventValue(rng: Rng, type: EventType): number | null {
  switch (type) {
    case 'page_view': return Math.max(1, Math.round(rng.lognormal(Math.log(35), 0.9)));
    case 'pricing_page_view': return Math.max(1, Math.round(rng.lognormal(Math.log(60), 0.8)));
    case 'webinar_attended': return 5 + rng.int(56);
    default: return null;
  }
}

function byTime(a: SampledEvent, b: SampledEvent): number {
  return a.secondsAfterCreated - b.secondsAfterCreated;
}

function addEarly(rng: Rng, events: SampledEvent[], type: EventType, meanDays: number, count: number): void {
  for (let k = 0; k < count; k++) {
    const at = Math.floor(rng.truncatedExponential(meanDays * SECONDS_PER_DAY, WINDOW));
    events.push({ type, secondsAfterCreated: at, value: eventValue(rng, type) });
  }
}

/** Events in [created_at, created_at + window), sorted by time. */
export function sampleEarlyEvents(rng: Rng, lead: Lead, { intent, activity }: Propensity): SampledEvent[] {
  const events: SampledEvent[] = [];
  const channel = CHANNEL_PROFILES[lead.channel];
  // The form the lead came in through is stamped with created_at itself.
  if (rng.bernoulli(channel.formAtCreation)) events.push({ type: 'form_submit', secondsAfterCreated: 0, value: null });
  addEarly(rng, events, 'page_view', 1.5, rng.poisson(2.2 * activity));
  const pricingViews = rng.poisson(0.3 * activity * Math.exp(0.9 * intent));
  addEarly(rng, events, 'pricing_page_view', 1.5, pricingViews);
  addEarly(rng, events, 'form_submit', 2, rng.poisson(0.12 * activity * Math.exp(0.4 * intent)));
  addEarly(rng, events, 'content_download', 2, rng.poisson(0.3 * activity * Math.exp(0.2 * intent)));
  addEarly(rng, events, 'webinar_attended', 3, rng.bernoulli(sigmoid(-3 + 0.6 * intent + (lead.channel === 'events' ? 1 : 0))) ? 1 : 0);
  addEarly(rng, events, 'email_open', 2.5, rng.poisson(1.2 * activity));
  addEarly(rng, events, 'email_click', 2.5, rng.poisson(0.25 * activity * Math.exp(0.5 * intent)));
  addEarly(rng, events, 'social_engagement', 2, rng.poisson(0.15 * activity * (lead.channel === 'social' ? 4 : 1)));
  addEarly(rng, events, 'newsletter_signup', 1, rng.bernoulli(0.06) ? 1 : 0);
  addEarly(rng, events, 'demo_request', 2, rng.bernoulli(sigmoid(-3.3 + 1.1 * intent + 0.3 * Math.log1p(pricingViews))) ? 1 : 0);
  return events.sort(byTime);
}

/** Events after the window: mostly before `closeAfter` (seconds after created_at), a few after; sorted. */
export function sampleLateEvents(rng: Rng, { activity }: Propensity, won: boolean, closeAfter: number): SampledEvent[] {
  const events: SampledEvent[] = [];
  const count = rng.poisson(LATE_EVENTS_MEAN * activity * (won ? LATE_BOOST_WHEN_WON : 1));
  const beforeClose = closeAfter - WINDOW;
  for (let k = 0; k < count; k++) {
    const type = EVENT_TYPES[pickLateType(rng)];
    let at: number;
    if (rng.bernoulli(LATE_BEFORE_CLOSE)) {
      // A lead that closed inside the window has no "late, before close" time left.
      if (beforeClose < 60) continue;
      at = WINDOW + Math.floor(rng.truncatedExponential(LATE_MEAN_DAYS * SECONDS_PER_DAY, beforeClose));
    } else {
      at = Math.max(WINDOW, closeAfter) + 60 + Math.floor(rng.exponential(10 * SECONDS_PER_DAY));
    }
    events.push({ type, secondsAfterCreated: at, value: eventValue(rng, type) });
  }
  return events.sort(byTime);
}
