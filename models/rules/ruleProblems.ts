/**
 * Collects every problem of a rule set before throwing, so one run of `validate` lists them all
 * instead of making the user fix them one at a time.
 */
import { ConfigError } from '../../core/errors.ts';

export class RuleProblems {
  readonly lines: string[] = [];

  /** `where` is a rule label (`rules.fit[3] "Company size"`) or a key (`rules.grades`). */
  add(where: string, message: string): void {
    this.lines.push(`${where}: ${message}`);
  }

  throwIfAny(source: string, hint?: string): void {
    if (!this.lines.length) return;
    const message =
      this.lines.length === 1 ? this.lines[0] : `${this.lines.length} problems in ${source}:\n  ${this.lines.join('\n  ')}`;
    throw new ConfigError(message, { where: source, received: this.lines, ...(hint ? { hint } : {}) });
  }
}
