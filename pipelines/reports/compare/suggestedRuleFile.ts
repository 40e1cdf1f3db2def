/**
 * The scorecard written as a rule file (data/rules/README.md) a marketer can paste into the rule
 * config: fit rules with options, engagement rules with a window and frequency bands, the total
 * limit at the most points a lead can reach (so the 0–100 score is the points' share of it), and
 * temperature cut-offs where the model's calibrated probability crosses the config's hot and warm
 * cut-offs. Options and bands worth 0 points are left out where a lead matching nothing gets
 * the same 0.
 */
import { Document, isPair, isScalar, visit } from 'yaml';
import type { Scorecard, ScorecardLine, ScorecardRule } from './scorecard.ts';

export interface SuggestedRuleFileOptions {
  name: string;
  description: string;
  /** Comment lines at the top of the file. */
  header: string[];
  /** Probability → score cut-offs (0–100) for hot and warm; MQL from the warm cut-off. */
  temperature: { hot: number; warm: number };
}

export interface SuggestedRuleFile {
  /** YAML text, ready to save as a rule file. */
  text: string;
  /** The same as a plain object (what parsing the text gives). */
  value: Record<string, unknown>;
  /** Rules left out because every option rounds to 0 points. */
  omitted: string[];
}

function fitOption(line: ScorecardLine): Record<string, unknown> | null {
  const c = line.condition;
  switch (c.kind) {
    case 'equals':
      return { equals: c.values[0], points: line.points };
    case 'other':
      // Any value not listed above: options are tried in order and '.' matches every non-empty text.
      return { pattern: '.', points: line.points };
    case 'missing':
      return { missing: true, points: line.points };
    case 'range':
      return { range: { ...(c.min === null ? {} : { min: c.min }), ...(c.max === null ? {} : { max: c.max }) }, points: line.points };
    case 'count':
      return null;
  }
}

const yaml11Keywords = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/** equals options first, then ranges, then the catch-all, then missing: the order the engine tries them. */
const optionOrder = { equals: 0, range: 1, count: 1, other: 2, missing: 3 } as const;

function ruleValue(rule: ScorecardRule): Record<string, unknown> | null {
  // A 0-point answer can be left out only if leaving it out gives it 0: an `equals` answer left
  // out would fall through to the catch-all, so it stays whenever the catch-all gives points.
  const catchAll = rule.lines.find((line) => line.condition.kind === 'other')?.points ?? 0;
  const lines = rule.lines.filter((line) => line.points !== 0 || (line.condition.kind === 'equals' && catchAll !== 0));
  if (!lines.some((line) => line.points !== 0)) return null;
  if (rule.part === 'fit') {
    const options = [...lines].sort((a, b) => optionOrder[a.condition.kind] - optionOrder[b.condition.kind]).map(fitOption);
    return { id: rule.id, name: rule.feature, attribute: rule.feature, options };
  }
  const frequency = lines.map((line) => {
    const c = line.condition as Extract<ScorecardLine['condition'], { kind: 'count' }>;
    return { min: c.min, ...(c.max === null ? {} : { max: c.max }), points: line.points };
  });
  return {
    id: rule.id,
    name: rule.feature,
    event_type: rule.eventTypes.length === 1 ? rule.eventTypes[0] : rule.eventTypes,
    ...(rule.windowDays === null ? {} : { window_days: rule.windowDays }),
    frequency,
  };
}

export function suggestedRuleFile(scorecard: Scorecard, options: SuggestedRuleFileOptions): SuggestedRuleFile {
  const fit: Record<string, unknown>[] = [];
  const engagement: Record<string, unknown>[] = [];
  const omitted: string[] = [];
  let total = 0;
  for (const rule of scorecard.rules) {
    const value = ruleValue(rule);
    if (!value) {
      omitted.push(rule.feature);
      continue;
    }
    total += Math.max(0, ...rule.lines.map((line) => line.points));
    (rule.part === 'fit' ? fit : engagement).push(value);
  }
  const round = (score: number) => Math.min(100, Math.max(0, Math.round(score * 10) / 10));
  const hot = round(options.temperature.hot);
  const warm = Math.min(hot, round(options.temperature.warm));
  const value: Record<string, unknown> = {
    name: options.name,
    description: options.description,
    // A rule file needs a positive total; a scorecard whose points all round to 0 still parses.
    limits: { total: Math.max(1, total) },
    ...(fit.length ? { fit } : {}),
    ...(engagement.length ? { engagement } : {}),
    temperature: { hot, warm },
    mql: { min_score: warm },
  };
  const doc = new Document(value);
  doc.commentBefore = options.header.map((line) => ` ${line}`).join('\n');
  visit(doc, {
    Map(_, node, path) {
      const pair = path[path.length - 2];
      if (isPair(pair) && isScalar(pair.key) && (pair.key.value === 'options' || pair.key.value === 'frequency')) node.flow = true;
    },
    Scalar(_, node) {
      if (node.value === '.') node.type = 'QUOTE_SINGLE';
      // Strings YAML 1.1 tools read as booleans or null (`equals: No` would become false there).
      else if (typeof node.value === 'string' && yaml11Keywords.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return { text: doc.toString({ lineWidth: 0 }), value, omitted };
}
