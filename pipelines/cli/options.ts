/** Option parsing shared by the commands: a zod schema per command, errors become usage errors. */
import { z } from 'zod';
import { LeadscoreError } from '../../core/errors.ts';
import { loadConfig, type ResolvedConfig } from '../../data/config.ts';

export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown, command: string): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
  throw new LeadscoreError('usage', `leadscore ${command}: ${lines.join('; ')}`);
}

/** The --config file, required for every command but demo. */
export function requireConfig(path: string | undefined, command: string): ResolvedConfig {
  if (!path) throw new LeadscoreError('usage', `leadscore ${command}: --config <file> is required`);
  return loadConfig(path);
}

/** A whole positive number given as a string on the command line. */
export const positiveInt = z.coerce.number().int().positive();
