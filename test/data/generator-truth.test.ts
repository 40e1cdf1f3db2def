import { describe, expect, it } from 'vitest';
import {
  ENGAGEMENT_WINDOW_DAYS,
  JOB_TITLES,
  TRUTH,
  seniorityOf,
  summarizeEngagement,
  trueConversionLogit,
  trueConversionProbability,
  trueFitLogit,
  type LeadFit,
} from '../../data/generator/index.ts';

const DAY = 86_400;
const lead: LeadFit = { channel: 'paid_search', industry: 'manufacturing', companySize: 100, jobTitle: 'Account Executive', country: 'FR' };

describe('summarizeEngagement', () => {
  it('counts events from created_at up to, not including, the end of the window', () => {
    const s = summarizeEngagement([
      { type: 'form_submit', secondsAfterCreated: 0 },
      { type: 'pricing_page_view', secondsAfterCreated: DAY },
      { type: 'pricing_page_view', secondsAfterCreated: 2 * DAY },
      { type: 'demo_request', secondsAfterCreated: 5 * DAY },
      { type: 'demo_request', secondsAfterCreated: ENGAGEMENT_WINDOW_DAYS * DAY },
      { type: 'webinar_attended', secondsAfterCreated: -1 },
      { type: 'email_open', secondsAfterCreated: 6 * DAY },
    ]);
    expect(s).toEqual({
      pageViews: 0,
      pricingPageViews: 2,
      formSubmits: 1,
      contentDownloads: 0,
      webinarsAttended: 0,
      emailClicks: 0,
      demoRequests: 1,
      // The email open is the last event in the window, though it carries no signal itself.
      daysSinceLastEvent: 1,
    });
  });

  it('counts a lead with no events as idle for the whole window', () => {
    expect(summarizeEngagement([]).daysSinceLastEvent).toBe(ENGAGEMENT_WINDOW_DAYS);
    expect(summarizeEngagement([], 3).daysSinceLastEvent).toBe(3);
  });
});

describe('trueConversionLogit', () => {
  const idle = summarizeEngagement([]);

  it('is the intercept for a reference lead with no engagement, minus idle recency', () => {
    expect(trueConversionLogit(lead, idle)).toBeCloseTo(TRUTH.intercept + TRUTH.recencyPerDay * ENGAGEMENT_WINDOW_DAYS, 12);
  });

  it('adds the documented effects', () => {
    const engaged = { ...idle, pricingPageViews: 3, demoRequests: 2, webinarsAttended: 1, daysSinceLastEvent: 0 };
    const expected =
      TRUTH.intercept + TRUTH.pricingPageViews * Math.log(4) + TRUTH.demoRequested + TRUTH.webinarAttended;
    expect(trueConversionLogit(lead, engaged)).toBeCloseTo(expected, 12);
    const fit: LeadFit = { channel: 'referral', industry: 'software', companySize: 10_000, jobTitle: 'VP, Sales', country: 'US' };
    expect(trueFitLogit(fit)).toBeCloseTo(
      TRUTH.intercept + TRUTH.channel.referral + TRUTH.industry.software + TRUTH.seniority.vp + TRUTH.country.US + 2 * TRUTH.companySizePerDecade,
      12,
    );
  });

  it('treats unknown categories as neutral and a missing title as unknown seniority', () => {
    const odd: LeadFit = { ...lead, channel: 'carrier_pigeon', industry: 'mining', country: 'XX' };
    expect(trueFitLogit(odd)).toBeCloseTo(trueFitLogit(lead), 12);
    expect(trueFitLogit({ ...lead, jobTitle: null }) - trueFitLogit(lead)).toBeCloseTo(TRUTH.seniority.unknown, 12);
  });

  it('rises with engagement and with fit', () => {
    const demo = { ...idle, demoRequests: 1, daysSinceLastEvent: 2 };
    expect(trueConversionLogit(lead, demo)).toBeGreaterThan(trueConversionLogit(lead, idle));
    expect(trueConversionLogit({ ...lead, jobTitle: 'CEO' }, idle)).toBeGreaterThan(trueConversionLogit({ ...lead, jobTitle: 'Student' }, idle));
    expect(trueConversionLogit({ ...lead, companySize: 5000 }, idle)).toBeGreaterThan(trueConversionLogit({ ...lead, companySize: 5 }, idle));
  });

  it('gives probabilities through the logistic function', () => {
    const e = { ...idle, pricingPageViews: 1 };
    const logit = trueConversionLogit(lead, e);
    expect(trueConversionProbability(lead, e)).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
  });
});

describe('seniorityOf', () => {
  it('knows every catalog title and nothing else', () => {
    for (const t of JOB_TITLES) expect(seniorityOf(t.title)).toBe(t.seniority);
    expect(seniorityOf('VP, Marketing')).toBe('vp');
    expect(seniorityOf(null)).toBe('unknown');
    expect(seniorityOf('Astronaut')).toBe('unknown');
  });
});
