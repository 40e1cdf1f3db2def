/** Reads a YAML or JSON rule file and validates it into a RuleSet. */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../core/errors.ts';
import { parseRules } from './parseRules.ts';
import type { RuleSet } from './ruleSet.ts';

/** Problems read `file.yaml: fit[3] "Company size": ...`. */
export function loadRuleFile(path: string): RuleSet {
  if (!existsSync(path)) throw new ConfigError(`rule file not found: ${path}`, { where: path });
  const text = readFileSync(path, 'utf8');
  const json = extname(path).toLowerCase() === '.json';
  let raw: unknown;
  try {
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message}`, { where: path });
  }
  return parseRules(raw, path, `${path}: `);
}
