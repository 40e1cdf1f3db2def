/**
 * The vocabulary of the sample CRM and how often each value occurs. Effects on conversion live in
 * truth.ts; this file only says what a lead can look like.
 */

export const CHANNELS = [
  'paid_search',
  'organic_search',
  'social',
  'referral',
  'events',
  'email',
  'display',
  'partner',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelProfile {
  /** Share of all leads. */
  share: number;
  /** Spend per acquired lead (for organic search: tools and content, small). */
  costPerLead: number;
  /** Shift of ln(company size): events and partners bring bigger accounts. */
  sizeShift: number;
  /** > 0 favours senior job titles, < 0 junior ones. */
  seniorityTilt: number;
  /** Probability that the lead came in through a form (a form_submit at created_at). */
  formAtCreation: number;
  /** Multiplier on how active the lead is afterwards. */
  activity: number;
  /** Campaign names and weights; an empty list leaves the campaign empty. Some names need CSV quoting on purpose. */
  campaigns: ReadonlyArray<readonly [string, number]>;
}

export const CHANNEL_PROFILES: Record<Channel, ChannelProfile> = {
  paid_search: {
    share: 0.22, costPerLead: 85, sizeShift: 0, seniorityTilt: 0, formAtCreation: 0.8, activity: 1,
    campaigns: [['brand_search', 3], ['competitor_terms', 2], ['generic_crm_terms', 4], ['retargeting_search', 1]],
  },
  organic_search: {
    share: 0.2, costPerLead: 3, sizeShift: -0.1, seniorityTilt: -0.1, formAtCreation: 0.75, activity: 1.1,
    campaigns: [],
  },
  social: {
    share: 0.14, costPerLead: 45, sizeShift: -0.4, seniorityTilt: -0.4, formAtCreation: 0.6, activity: 0.8,
    campaigns: [['linkedin_lead_gen', 4], ['linkedin_thought_leadership', 2], ['meta_prospecting', 2]],
  },
  referral: {
    share: 0.06, costPerLead: 0, sizeShift: 0.3, seniorityTilt: 0.5, formAtCreation: 0.3, activity: 1.1,
    campaigns: [['customer_referral', 3], ['employee_referral', 1]],
  },
  events: {
    share: 0.07, costPerLead: 220, sizeShift: 0.6, seniorityTilt: 0.3, formAtCreation: 0.1, activity: 0.9,
    campaigns: [['SaaStr Annual, booth', 2], ['Dreamforce, booth', 2], ['Webinar: "Pipeline Math"', 3], ['roadshow_emea', 1]],
  },
  email: {
    share: 0.1, costPerLead: 12, sizeShift: 0, seniorityTilt: -0.1, formAtCreation: 0.4, activity: 1.2,
    campaigns: [['Newsletter "Growth Notes"', 3], ['nurture_sequence', 2], ['product_launch_2025', 1]],
  },
  display: {
    share: 0.13, costPerLead: 30, sizeShift: -0.2, seniorityTilt: -0.3, formAtCreation: 0.7, activity: 0.7,
    campaigns: [['programmatic_awareness', 3], ['retargeting_display', 2]],
  },
  partner: {
    share: 0.08, costPerLead: 150, sizeShift: 0.5, seniorityTilt: 0.2, formAtCreation: 0.2, activity: 1,
    campaigns: [['reseller_program', 2], ['integration_marketplace', 3], ['co_marketing', 1]],
  },
};

export const INDUSTRIES = [
  'software',
  'financial_services',
  'healthcare',
  'professional_services',
  'manufacturing',
  'media',
  'retail',
  'education',
  'government',
  'nonprofit',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export interface IndustryProfile {
  share: number;
  /** Median annual revenue per employee, for annual_revenue. */
  revenuePerEmployee: number;
  sizeShift: number;
}

export const INDUSTRY_PROFILES: Record<Industry, IndustryProfile> = {
  software: { share: 0.22, revenuePerEmployee: 220_000, sizeShift: 0 },
  financial_services: { share: 0.12, revenuePerEmployee: 300_000, sizeShift: 0.4 },
  healthcare: { share: 0.1, revenuePerEmployee: 150_000, sizeShift: 0.3 },
  professional_services: { share: 0.13, revenuePerEmployee: 160_000, sizeShift: -0.2 },
  manufacturing: { share: 0.1, revenuePerEmployee: 250_000, sizeShift: 0.5 },
  media: { share: 0.07, revenuePerEmployee: 180_000, sizeShift: -0.2 },
  retail: { share: 0.09, revenuePerEmployee: 200_000, sizeShift: 0.2 },
  education: { share: 0.07, revenuePerEmployee: 90_000, sizeShift: 0.1 },
  government: { share: 0.04, revenuePerEmployee: 120_000, sizeShift: 0.8 },
  nonprofit: { share: 0.06, revenuePerEmployee: 70_000, sizeShift: -0.4 },
};

export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual', 'student'] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** Position on the seniority ladder, for a channel's seniority tilt. */
export const SENIORITY_RANK: Record<Seniority, number> = {
  c_level: 2,
  vp: 1.5,
  director: 1,
  manager: 0,
  individual: -1,
  student: -2,
};

export interface JobTitle {
  title: string;
  seniority: Seniority;
  department: string;
  share: number;
}

/** Some titles contain commas on purpose, so the CSV writer's quoting is exercised. */
export const JOB_TITLES: readonly JobTitle[] = [
  { title: 'CEO', seniority: 'c_level', department: 'executive', share: 2 },
  { title: 'Founder', seniority: 'c_level', department: 'executive', share: 2 },
  { title: 'CFO', seniority: 'c_level', department: 'finance', share: 0.7 },
  { title: 'CMO', seniority: 'c_level', department: 'marketing', share: 1 },
  { title: 'VP, Marketing', seniority: 'vp', department: 'marketing', share: 2.5 },
  { title: 'VP, Sales', seniority: 'vp', department: 'sales', share: 2.5 },
  { title: 'VP Revenue Operations', seniority: 'vp', department: 'operations', share: 1 },
  { title: 'Director of Marketing', seniority: 'director', department: 'marketing', share: 4 },
  { title: 'Director of Sales', seniority: 'director', department: 'sales', share: 3 },
  { title: 'Head of Growth', seniority: 'director', department: 'marketing', share: 2 },
  { title: 'Marketing Manager', seniority: 'manager', department: 'marketing', share: 8 },
  { title: 'Sales Operations Manager', seniority: 'manager', department: 'operations', share: 4 },
  { title: 'IT Manager', seniority: 'manager', department: 'it', share: 3 },
  { title: 'Account Executive', seniority: 'individual', department: 'sales', share: 6 },
  { title: 'Marketing Specialist', seniority: 'individual', department: 'marketing', share: 8 },
  { title: 'Data Analyst', seniority: 'individual', department: 'operations', share: 4 },
  { title: 'Software Engineer', seniority: 'individual', department: 'it', share: 5 },
  { title: 'Consultant', seniority: 'individual', department: 'other', share: 4 },
  { title: 'Student', seniority: 'student', department: 'other', share: 2.5 },
];

/** Share of leads with no job title on file. */
export const MISSING_JOB_TITLE_SHARE = 0.03;

/** Share of leads with no annual revenue on file. */
export const MISSING_REVENUE_SHARE = 0.15;

/** ISO 3166 alpha-2 codes and their share of leads. */
export const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['US', 42],
  ['GB', 10],
  ['DE', 7],
  ['CA', 6],
  ['FR', 5],
  ['AU', 4],
  ['NL', 3],
  ['ES', 3],
  ['IN', 8],
  ['BR', 5],
  ['MX', 2],
  ['SG', 2],
  ['JP', 1.5],
  ['ZA', 1.5],
];

export const EVENT_TYPES = [
  'page_view',
  'pricing_page_view',
  'form_submit',
  'content_download',
  'webinar_attended',
  'email_open',
  'email_click',
  'social_engagement',
  'newsletter_signup',
  'demo_request',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
