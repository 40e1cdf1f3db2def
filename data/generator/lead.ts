/** One lead's attributes, drawn from the catalog's distributions. */
import {
  CHANNELS,
  CHANNEL_PROFILES,
  COUNTRIES,
  INDUSTRIES,
  INDUSTRY_PROFILES,
  JOB_TITLES,
  MISSING_JOB_TITLE_SHARE,
  MISSING_REVENUE_SHARE,
  SENIORITY_RANK,
  type Channel,
  type Industry,
} from './catalog.ts';
import { weightedPicker, type Rng } from './prng.ts';
import type { LeadFit } from './truth.ts';

export interface Lead extends LeadFit {
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  channel: Channel;
  campaign: string | null;
  industry: Industry;
  department: string | null;
  annualRevenue: number | null;
}

/** `L0000001` for the first lead (1-based), wider beyond ten million. */
export function leadId(ordinal: number): string {
  return 'L' + String(ordinal).padStart(7, '0');
}

const MEDIAN_COMPANY_SIZE = 40;
const COMPANY_SIZE_SIGMA = 1.6;
const MAX_COMPANY_SIZE = 250_000;
/** Below this many employees founders and CEOs fill in the forms themselves. */
const SMALL_COMPANY = 20;

const pickChannel = weightedPicker(CHANNELS.map((c) => CHANNEL_PROFILES[c].share));
const pickIndustry = weightedPicker(INDUSTRIES.map((i) => INDUSTRY_PROFILES[i].share));
const pickCountry = weightedPicker(COUNTRIES.map(([, share]) => share));
const pickCampaign = Object.fromEntries(
  CHANNELS.map((c) => {
    const campaigns = CHANNEL_PROFILES[c].campaigns;
    return [c, campaigns.length ? weightedPicker(campaigns.map(([, w]) => w)) : undefined];
  }),
) as Record<Channel, ((rng: Rng) => number) | undefined>;

function titlePicker(channel: Channel, small: boolean) {
  const tilt = CHANNEL_PROFILES[channel].seniorityTilt;
  return weightedPicker(
    JOB_TITLES.map((t) => t.share * Math.exp(tilt * SENIORITY_RANK[t.seniority]) * (small && t.seniority === 'c_level' ? 3 : 1)),
  );
}
const pickTitle = Object.fromEntries(CHANNELS.map((c) => [c, [titlePicker(c, false), titlePicker(c, true)]])) as Record<
  Channel,
  [(rng: Rng) => number, (rng: Rng) => number]
>;

/** The lead with the given 1-based ordinal, created at `createdAt`. */
export function sampleLead(rng: Rng, ordinal: number, createdAt: number): Lead {
  const channel = CHANNELS[pickChannel(rng)];
  const campaignPicker = pickCampaign[channel];
  const campaign = campaignPicker ? CHANNEL_PROFILES[channel].campaigns[campaignPicker(rng)][0] : null;
  const industry = INDUSTRIES[pickIndustry(rng)];
  const profile = INDUSTRY_PROFILES[industry];
  const companySize = Math.min(
    MAX_COMPANY_SIZE,
    Math.max(1, Math.round(rng.lognormal(Math.log(MEDIAN_COMPANY_SIZE) + CHANNEL_PROFILES[channel].sizeShift + profile.sizeShift, COMPANY_SIZE_SIGMA))),
  );
  const title = JOB_TITLES[pickTitle[channel][companySize < SMALL_COMPANY ? 1 : 0](rng)];
  const titleMissing = rng.bernoulli(MISSING_JOB_TITLE_SHARE);
  const country = COUNTRIES[pickCountry(rng)][0];
  const revenue = Math.round((companySize * profile.revenuePerEmployee * rng.lognormal(0, 0.5)) / 1000) * 1000;
  const revenueMissing = rng.bernoulli(MISSING_REVENUE_SHARE);
  return {
    id: leadId(ordinal),
    createdAt,
    channel,
    campaign,
    industry,
    companySize,
    jobTitle: titleMissing ? null : title.title,
    department: titleMissing ? null : title.department,
    country,
    annualRevenue: revenueMissing ? null : revenue,
  };
}
