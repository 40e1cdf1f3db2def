import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { loadConfig, resolveConfig, toStrftime } from '../../data/config.ts';

function configFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadscore-config-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('resolves paths relative to the config file and fills defaults', () => {
    const path = configFile('c.yaml', 'sources:\n  leads: { path: data/leads.csv, label_column: won }\n');
    const config = loadConfig(path);
    expect(config.sources.leads.path).toBe(join(path, '..', 'data', 'leads.csv'));
    expect(config.wide).toBe(true);
    expect(config.label.window_days).toBe(90);
    expect(config.output.warehouse).toBe(join(path, '..', '.leadscore', 'warehouse.duckdb'));
  });

  it('names the key and the problem', () => {
    const error = errorOf(() => resolveConfig({ sources: { leads: { path: 3 } } }, 'bad.yaml', '/'));
    expect(error.message).toContain('bad.yaml');
    expect(error.message).toMatch(/sources\.leads\.path: .*string/);
  });

  it('rejects unknown keys, so a typo is not silently ignored', () => {
    const error = errorOf(() => resolveConfig({ sources: { leads: { path: 'a.csv', label_column: 'y' } }, lable: {} }, 'c.yaml', '/'));
    expect(error.message).toMatch(/lable/);
  });

  it('requires outcomes unless the leads table carries a label', () => {
    const error = errorOf(() => resolveConfig({ sources: { leads: { path: 'a.csv' } } }, 'c.yaml', '/'));
    expect(error.message).toMatch(/sources\.outcomes: required unless sources\.leads\.label_column/);
  });

  it('checks ranges and cross-field rules', () => {
    const base = { sources: { leads: { path: 'a.csv', label_column: 'y' } } };
    expect(errorOf(() => resolveConfig({ ...base, evaluation: { holdout_fraction: 1.5 } }, 'c.yaml', '/')).message).toMatch(
      /evaluation\.holdout_fraction/,
    );
    expect(
      errorOf(() => resolveConfig({ ...base, scoring: { temperature: { hot: 0.2, warm: 0.5 } } }, 'c.yaml', '/')).message,
    ).toMatch(/scoring\.temperature: warm must not exceed hot/);
    expect(errorOf(() => resolveConfig({ ...base, sources: { leads: { ...base.sources.leads, date_format: 'soon' } } }, 'c.yaml', '/')).message).toMatch(
      /date_format: not a date format/,
    );
  });

  it('reports unparsable YAML and a missing file as config errors', () => {
    expect(errorOf(() => loadConfig(configFile('c.yaml', 'sources: [unclosed'))).message).toMatch(/not valid YAML/);
    expect(errorOf(() => loadConfig('/nonexistent/leadscore.yaml')).message).toMatch(/config file not found/);
  });

  it('accepts JSON configs', () => {
    const path = configFile('c.json', JSON.stringify({ sources: { leads: { path: 'x.csv', label_column: 'y' } } }));
    expect(loadConfig(path).wide).toBe(true);
  });

  it('turns user date formats into strftime patterns', () => {
    expect(toStrftime('dd-mm-yyyy')).toBe('%d-%m-%Y');
    expect(toStrftime('dd-mm-yyyy HH:MM')).toBe('%d-%m-%Y %H:%M');
    expect(toStrftime('yyyy/mm/dd HH:MM:SS')).toBe('%Y/%m/%d %H:%M:%S');
    expect(toStrftime('%d.%m.%Y')).toBe('%d.%m.%Y');
  });

  it('ships example configs that validate', () => {
    for (const name of ['olist.yaml', 'x-education.yaml']) {
      const config = loadConfig(join(import.meta.dirname, '..', '..', 'data', 'examples', name));
      expect(config.sources.leads.path).toMatch(/shared\/data\/real\//);
    }
  });
});
