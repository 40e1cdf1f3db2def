import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../data/generator/catalog.ts';
import { checkRulesAgainstData } from '../../../models/rules/checkRulesAgainstData.ts';
import { rulesOf, sampleAttributes } from './rulesFixture.ts';

const data = { attributes: sampleAttributes, eventTypes: [...EVENT_TYPES] };

describe('checkRulesAgainstData', () => {
  it('accepts rules that read existing attributes and event types', () => {
    const rules = rulesOf(`
name: ok
fit:
  - { id: size, attribute: company_size, range: { min: 100 }, points: 5 }
  - { id: title, attribute: job_title, pattern: '^vp', points: 4 }
engagement:
  - { id: demo, event_type: demo_request, points: 20 }
`);
    expect(() => checkRulesAgainstData(rules, data)).not.toThrow();
  });

  it('rejects an unknown attribute, naming the rule and suggesting the close name', () => {
    const rules = rulesOf(`
name: typo
fit:
  - { id: title, name: Job title, attribute: job_titel, equals: CEO, points: 4 }
`);
    expect(() => checkRulesAgainstData(rules, data)).toThrow(
      /^rules\.fit\[0\] "Job title": attribute "job_titel" is not in the data \(did you mean "job_title"\? attributes: channel, /,
    );
  });

  it('rejects an unknown attribute in a disqualifier', () => {
    const rules = rulesOf(`
name: email
fit: [{ id: size, attribute: company_size, range: { min: 100 }, points: 5 }]
disqualifiers: [{ id: competitor, name: Competitor domain, attribute: email, pattern: '@rival\\.com$' }]
`);
    expect(() => checkRulesAgainstData(rules, data)).toThrow('rules.disqualifiers[0] "Competitor domain": attribute "email" is not in the data');
  });

  it('rejects an unknown event type, naming the rule', () => {
    const rules = rulesOf(`
name: typo
engagement:
  - { id: pricing, name: Pricing visits, event_type: [page_view, pricing_view], points: 5 }
`);
    expect(() => checkRulesAgainstData(rules, data)).toThrow(
      'rules.engagement[0] "Pricing visits": event type "pricing_view" is not in the data (did you mean "pricing_page_view"?',
    );
    expect(() => checkRulesAgainstData(rules, { ...data, eventTypes: [] })).toThrow('(the data has no events)');
  });

  it('rejects a matcher that does not fit the attribute’s kind', () => {
    const rules = rulesOf(`
name: kinds
fit:
  - { id: industry, attribute: industry, range: { min: 3 }, points: 1 }
  - { id: size, attribute: company_size, pattern: '^1', points: 1 }
  - { id: revenue, attribute: annual_revenue, equals: lots, points: 1 }
`);
    let message = '';
    try {
      checkRulesAgainstData(rules, data);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('rules.fit[0] "industry": attribute "industry" is categorical: a range needs a numeric attribute');
    expect(message).toContain('rules.fit[1] "size": attribute "company_size" is numeric: a pattern needs a categorical attribute');
    expect(message).toContain('rules.fit[2] "revenue": attribute "annual_revenue" is numeric: "lots" is not a number');
  });
});
