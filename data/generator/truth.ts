/**
 * The known conversion model of the sample CRM. Every generated lead is won with probability
 * sigmoid(trueConversionLogit(lead, summary)), where `summary` counts the lead's events in its
 * first ENGAGEMENT_WINDOW_DAYS days — the same events a feature snapshot at created_at + 7 days
 * sees. Nothing else (no hidden variable) enters the outcome, so a model trained on those features
 * can recover these coefficients up to its feature encoding; tests rely on that.
 *
 * The logit is a sum of:
 * - an intercept;
 * - fit: effects of channel, industry, job-title seniority and country, plus
 *   `companySizePerDecade` × (log10(company_size) − 2);
 * - engagement in the window: `weight × ln(1 + count)` for page views, pricing page views, form
 *   submits, content downloads and email clicks; a flat bonus for at least one demo request and
 *   for at least one webinar; minus `recencyPerDay` × days from the last event to the end of the
 *   window (the whole window when there was none).
 * Email opens, social engagement and newsletter sign-ups carry no signal on purpose (noise features).
 *
 * "Won" means won eventually: wins close 5–120 days after created_at (median ~24), so a 90-day
 * label sees ~99% of them; a lead whose close falls after the as-of date is still `open`.
 */
import { JOB_TITLES, type Channel, type EventType, type Industry, type Seniority } from './catalog.ts';

export const ENGAGEMENT_WINDOW_DAYS = 7;

export const TRUTH = {
  intercept: -2.75,
  channel: {
    paid_search: 0,
    organic_search: 0.15,
    social: -0.35,
    referral: 0.6,
    events: 0.25,
    email: -0.1,
    display: -0.55,
    partner: 0.4,
  } satisfies Record<Channel, number>,
  industry: {
    software: 0.45,
    financial_services: 0.3,
    healthcare: 0.15,
    professional_services: 0.1,
    manufacturing: 0,
    media: -0.1,
    retail: -0.2,
    education: -0.45,
    government: -0.35,
    nonprofit: -0.6,
  } satisfies Record<Industry, number>,
  seniority: {
    c_level: 0.5,
    vp: 0.7,
    director: 0.5,
    manager: 0.2,
    individual: 0,
    student: -1.5,
    unknown: -0.2,
  } satisfies Record<Seniority | 'unknown', number>,
  /** Countries not listed here contribute 0. */
  country: {
    US: 0.25,
    GB: 0.15,
    CA: 0.15,
    DE: 0.1,
    NL: 0.1,
    AU: 0.05,
    FR: 0,
    ES: -0.1,
    SG: 0,
    JP: -0.1,
    MX: -0.3,
    ZA: -0.3,
    BR: -0.35,
    IN: -0.45,
  } as Record<string, number>,
  /** Per tenfold company size, centred at 100 employees. */
  companySizePerDecade: 0.45,
  /** Multiplies ln(1 + count). */
  pageViews: 0.1,
  pricingPageViews: 0.75,
  formSubmits: 0.35,
  contentDownloads: 0.2,
  emailClicks: 0.3,
  /** Flat bonus for at least one. */
  demoRequested: 1.5,
  webinarAttended: 0.55,
  /** Per day between the last event in the window and the end of the window. */
  recencyPerDay: -0.1,
} as const;

/** The lead attributes the truth reads (CSV columns leads.channel, industry, company_size, job_title, country). */
export interface LeadFit {
  channel: string;
  industry: string;
  companySize: number;
  jobTitle: string | null;
  country: string;
}

/** A lead's engagement in its first ENGAGEMENT_WINDOW_DAYS days. */
export interface EngagementSummary {
  pageViews: number;
  pricingPageViews: number;
  formSubmits: number;
  contentDownloads: number;
  webinarsAttended: number;
  emailClicks: number;
  demoRequests: number;
  /** From the last event in the window to the window's end; the whole window when there was none. */
  daysSinceLastEvent: number;
}

/** One event, timed relative to its lead's created_at. */
export interface TimedEvent {
  type: EventType | string;
  secondsAfterCreated: number;
}

const seniorityByTitle = new Map<string, Seniority>(JOB_TITLES.map((t) => [t.title, t.seniority]));

/** The seniority of a job title of the catalog; `unknown` for a missing or unlisted one. */
export function seniorityOf(jobTitle: string | null): Seniority | 'unknown' {
  return (jobTitle !== null && seniorityByTitle.get(jobTitle)) || 'unknown';
}

/** Counts the events in [created_at, created_at + windowDays); events outside it are ignored. */
export function summarizeEngagement(events: Iterable<TimedEvent>, windowDays = ENGAGEMENT_WINDOW_DAYS): EngagementSummary {
  const window = windowDays * 86_400;
  const summary: EngagementSummary = {
    pageViews: 0,
    pricingPageViews: 0,
    formSubmits: 0,
    contentDownloads: 0,
    webinarsAttended: 0,
    emailClicks: 0,
    demoRequests: 0,
    daysSinceLastEvent: windowDays,
  };
  let last = -1;
  for (const event of events) {
    const t = event.secondsAfterCreated;
    if (!(t >= 0 && t < window)) continue;
    if (t > last) last = t;
    switch (event.type) {
      case 'page_view': summary.pageViews++; break;
      case 'pricing_page_view': summary.pricingPageViews++; break;
      case 'form_submit': summary.formSubmits++; break;
      case 'content_download': summary.contentDownloads++; break;
      case 'webinar_attended': summary.webinarsAttended++; break;
      case 'email_click': summary.emailClicks++; break;
      case 'demo_request': summary.demoRequests++; break;
    }
  }
  if (last >= 0) summary.daysSinceLastEvent = (window - last) / 86_400;
  return summary;
}

/** The fit part of the logit: what is known at created_at. */
export function trueFitLogit(lead: LeadFit): number {
  return (
    TRUTH.intercept +
    ((TRUTH.channel as Record<string, number>)[lead.channel] ?? 0) +
    ((TRUTH.industry as Record<string, number>)[lead.industry] ?? 0) +
    TRUTH.seniority[seniorityOf(lead.jobTitle)] +
    (TRUTH.country[lead.country] ?? 0) +
    TRUTH.companySizePerDecade * (Math.log10(Math.max(1, lead.companySize)) - 2)
  );
}

/** The engagement part of the logit. */
export function trueEngagementLogit(e: EngagementSummary): number {
  return (
    TRUTH.pageViews * Math.log1p(e.pageViews) +
    TRUTH.pricingPageViews * Math.log1p(e.pricingPageViews) +
    TRUTH.formSubmits * Math.log1p(e.formSubmits) +
    TRUTH.contentDownloads * Math.log1p(e.contentDownloads) +
    TRUTH.emailClicks * Math.log1p(e.emailClicks) +
    (e.demoRequests > 0 ? TRUTH.demoRequested : 0) +
    (e.webinarsAttended > 0 ? TRUTH.webinarAttended : 0) +
    TRUTH.recencyPerDay * e.daysSinceLastEvent
  );
}

/** Log-odds that the lead is eventually won. */
export function trueConversionLogit(lead: LeadFit, engagement: EngagementSummary): number {
  return trueFitLogit(lead) + trueEngagementLogit(engagement);
}

/** Probability that the lead is eventually won. */
export function trueConversionProbability(lead: LeadFit, engagement: EngagementSummary): number {
  return 1 / (1 + Math.exp(-trueConversionLogit(lead, engagement)));
}
