/** A rule set's fit rules and disqualifiers compiled against the columns of one frame. */
import { frameFeatures, type FeatureFrame } from '../../features/frame/featureFrame.ts';
import { checkRulesAgainstData } from './checkRulesAgainstData.ts';
import { CompiledAttributeRule } from './compileAttributeRule.ts';
import type { RuleSet } from './ruleSet.ts';

export interface CompiledRules {
  ruleSet: RuleSet;
  frame: FeatureFrame;
  /** In ruleSet.fit order. */
  fit: CompiledAttributeRule[];
  /** In ruleSet.disqualifiers order; their single option has points 1. */
  disqualifiers: CompiledAttributeRule[];
}

export function compileRules(ruleSet: RuleSet, frame: FeatureFrame): CompiledRules {
  // The frame's columns are checked here too, so a caller that skipped the load-time check still
  // gets a message naming the rule. Event types are not the frame's business: the engagement
  // points were computed against the events already.
  checkRulesAgainstData(ruleSet, { attributes: frameFeatures(frame), eventTypes: ruleSet.engagement.flatMap((r) => r.eventTypes) });
  return {
    ruleSet,
    frame,
    fit: ruleSet.fit.map(
      (rule) => new CompiledAttributeRule(frame, rule.attribute, rule.options.map((o) => o.matcher), rule.options.map((o) => o.points)),
    ),
    disqualifiers: ruleSet.disqualifiers.map((rule) => new CompiledAttributeRule(frame, rule.attribute, [rule.matcher], [1])),
  };
}
