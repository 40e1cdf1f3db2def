/** Hand-built feature frames for encoder and training-set tests (column values as plain arrays). */
import type { FeatureFrame, FrameColumn } from '../../features/frame/featureFrame.ts';

export interface FrameSpec {
  leadIds?: string[];
  createdAt?: number[];
  snapshotAt?: number[];
  label?: number[];
  numeric?: Record<string, number[]>;
  /** null = missing. Dictionary in first-seen order, unless `dictionaries` gives one. */
  categorical?: Record<string, (string | null)[]>;
  dictionaries?: Record<string, string[]>;
}

export function frameOf(spec: FrameSpec): FeatureFrame {
  const first = [...Object.values(spec.numeric ?? {}), ...Object.values(spec.categorical ?? {}), spec.leadIds ?? []][0] ?? [];
  const rows = spec.leadIds?.length ?? first.length;
  const columns: FrameColumn[] = [];
  for (const [name, values] of Object.entries(spec.numeric ?? {})) {
    columns.push({ kind: 'numeric', name, values: Float64Array.from(values) });
  }
  for (const [name, values] of Object.entries(spec.categorical ?? {})) {
    const dictionary = [...(spec.dictionaries?.[name] ?? [])];
    const codes = Int32Array.from(values, (value) => {
      if (value === null) return -1;
      let code = dictionary.indexOf(value);
      if (code < 0) code = dictionary.push(value) - 1;
      return code;
    });
    columns.push({ kind: 'categorical', name, codes, dictionary });
  }
  return {
    rows,
    leadIds: spec.leadIds ?? Array.from({ length: rows }, (_, i) => `lead-${i}`),
    createdAt: Float64Array.from(spec.createdAt ?? new Array(rows).fill(NaN)),
    snapshotAt: Float64Array.from(spec.snapshotAt ?? new Array(rows).fill(NaN)),
    label: Int8Array.from(spec.label ?? new Array(rows).fill(-1)),
    columns,
  };
}

/** Row r of a matrix as a name → value record (readable expectations). */
export function rowOf(m: { cols: number; data: Float64Array; columns: readonly string[] }, r: number): Record<string, number> {
  return Object.fromEntries(m.columns.map((name, j) => [name, m.data[r * m.cols + j]]));
}

/**
 * Asserts two frames are identical (NaN equals NaN, -0 differs from 0) and names the first
 * difference; much faster than a deep toEqual on large typed arrays.
 */
export function expectSameFrame(actual: FeatureFrame, expected: FeatureFrame): void {
  const differ = (what: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>) => {
    if (a.length !== b.length) throw new Error(`${what}: length ${a.length}, expected ${b.length}`);
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: ${String(a[i])}, expected ${String(b[i])}`);
    }
  };
  if (actual.rows !== expected.rows) throw new Error(`rows: ${actual.rows}, expected ${expected.rows}`);
  differ('leadIds', actual.leadIds, expected.leadIds);
  differ('createdAt', actual.createdAt, expected.createdAt);
  differ('snapshotAt', actual.snapshotAt, expected.snapshotAt);
  differ('label', actual.label, expected.label);
  differ('column names', actual.columns.map((c) => `${c.name}:${c.kind}`), expected.columns.map((c) => `${c.name}:${c.kind}`));
  actual.columns.forEach((column, j) => {
    const other = expected.columns[j];
    if (column.kind === 'numeric' && other.kind === 'numeric') differ(`${column.name} values`, column.values, other.values);
    if (column.kind === 'categorical' && other.kind === 'categorical') {
      differ(`${column.name} dictionary`, column.dictionary, other.dictionary);
      differ(`${column.name} codes`, column.codes, other.codes);
    }
  });
}
