import { describe, expect, it } from 'vitest';
import { packStrings, slicePackedStrings, StringPacker, unpackStrings } from '../../../features/frame/packedStrings.ts';
import { columnIntegers, integerColumn, packedLeadIds, withPackedLeadIds } from '../../../features/frame/featureFrame.ts';
import { frameOf } from '../frameFixture.ts';

const strings = ['L1', '', 'Zürich-7', '東京', '🚀', 'x'.repeat(40), 'L2'];

describe('packed strings', () => {
  it('round-trips ASCII and non-ASCII strings, empty ones included', () => {
    expect(unpackStrings(packStrings(strings))).toEqual(strings);
    expect(unpackStrings(packStrings(['a', '', 'bc']))).toEqual(['a', '', 'bc']);
    expect(unpackStrings(packStrings([]))).toEqual([]);
  });

  it('lays strings out as Arrow Utf8 does: UTF-8 bytes and start offsets', () => {
    const packed = packStrings(['ab', 'ü', '']);
    expect(Array.from(packed.offsets)).toEqual([0, 2, 4, 4]);
    expect(Buffer.from(packed.bytes).toString('utf8')).toBe('abü');
  });

  it('slices rows with offsets counted from the slice', () => {
    const slice = slicePackedStrings(packStrings(strings), 2, 5);
    expect(slice.offsets[0]).toBe(0);
    expect(unpackStrings(slice)).toEqual(strings.slice(2, 5));
  });

  it('grows past the expected count and length', () => {
    const packer = new StringPacker(1);
    const many = Array.from({ length: 5000 }, (_, i) => `lead-${i}-${'y'.repeat(i % 30)}`);
    for (const s of many) packer.addString(s);
    expect(packer.get(4321)).toBe(many[4321]);
    expect(unpackStrings(packer.finish())).toEqual(many);
  });
});

describe('a frame with packed lead ids', () => {
  const plain = frameOf({ leadIds: strings, label: strings.map(() => 0), numeric: { x: strings.map((_, i) => i) } });
  const { leadIds, ...rest } = plain;

  it('makes the strings on demand and equals the frame with strings', () => {
    const frame = withPackedLeadIds(rest, packStrings(leadIds));
    expect(frame.leadIds).toEqual(strings);
    expect(frame.leadIds).toBe(frame.leadIds);
    expect(frame).toEqual(plain);
  });

  it('hands back its packed ids, and packs a plain frame\'s', () => {
    const packed = packStrings(leadIds);
    expect(packedLeadIds(withPackedLeadIds(rest, packed))).toBe(packed);
    expect(unpackStrings(packedLeadIds(plain))).toEqual(strings);
    expect(unpackStrings(packedLeadIds({ ...withPackedLeadIds(rest, packed) }))).toEqual(strings);
  });
});

describe('a numeric column kept as integers', () => {
  it('makes its doubles on demand, once', () => {
    const integers = Int32Array.from([0, -5, 2 ** 31 - 1]);
    const column = integerColumn('visits', integers);
    expect(Array.from(column.values)).toEqual([0, -5, 2 ** 31 - 1]);
    expect(column.values).toBeInstanceOf(Float64Array);
    expect(column.values).toBe(column.values);
    expect(columnIntegers(column)).toBe(integers);
    expect(column).toEqual({ kind: 'numeric', name: 'visits', values: Float64Array.from([0, -5, 2 ** 31 - 1]) });
    expect(columnIntegers({ kind: 'numeric', name: 'x', values: new Float64Array(1) })).toBeUndefined();
  });
});
