/**
 * Strings packed the way Arrow lays out a Utf8 column: the UTF-8 bytes of all of them, one after
 * another, and the offset where each starts (one more offset than strings, the last one being the
 * total length).
 *
 * A frame's lead ids are read this way (readFeatureFrame) because the training-set writer and
 * the fingerprint need exactly these bytes. Making a million JS strings only to encode them back
 * cost about a quarter of a second at 1M leads, most of it the garbage collector copying the
 * young strings; the strings are made when something asks for them (see `withPackedLeadIds`).
 */
export interface PackedStrings {
  /** `count + 1` offsets into `bytes`; string k is bytes[offsets[k]] … bytes[offsets[k + 1]]. */
  offsets: Int32Array;
  bytes: Uint8Array;
}

export function packStrings(strings: readonly string[]): PackedStrings {
  // Nearly always ASCII: then one encoding of the joined strings gives the bytes, and each
  // string's length its byte count (any other character takes two or more bytes).
  const joined = strings.join('');
  const encoded = Buffer.from(joined, 'utf8');
  if (encoded.length === joined.length) {
    const offsets = new Int32Array(strings.length + 1);
    for (let k = 0; k < strings.length; k++) offsets[k + 1] = offsets[k] + strings[k].length;
    return { offsets, bytes: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength) };
  }
  const packer = new StringPacker(strings.length);
  for (const string of strings) packer.addString(string);
  return packer.finish();
}

export function unpackStrings({ offsets, bytes }: PackedStrings): string[] {
  const count = offsets.length - 1;
  const strings = new Array<string>(count);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Nearly always ASCII: then one decoded string is cut at the same offsets as the bytes.
  if (isAscii(bytes)) {
    const text = buffer.toString('latin1');
    for (let k = 0; k < count; k++) strings[k] = text.substring(offsets[k], offsets[k + 1]);
  } else {
    for (let k = 0; k < count; k++) strings[k] = buffer.toString('utf8', offsets[k], offsets[k + 1]);
  }
  return strings;
}

/** Rows `start` … `end` of packed strings, offsets counted from 0 again (an Arrow Utf8 slice). */
export function slicePackedStrings({ offsets, bytes }: PackedStrings, start: number, end: number): PackedStrings {
  const base = offsets[start];
  const sliced = new Int32Array(end - start + 1);
  for (let k = 0; k < sliced.length; k++) sliced[k] = offsets[start + k] - base;
  return { offsets: sliced, bytes: bytes.subarray(base, offsets[end]) };
}

function isAscii(bytes: Uint8Array): boolean {
  for (let k = 0; k < bytes.length; k++) if (bytes[k] >= 0x80) return false;
  return true;
}

/** Builds packed strings one string at a time, growing its arrays as needed. */
export class StringPacker {
  private offsets: Int32Array;
  private bytes: Uint8Array;
  private count = 0;
  private size = 0;

  /** `expected`: how many strings will come, when known (0 = unknown). */
  constructor(expected = 0) {
    this.offsets = new Int32Array(Math.max(expected, 1024) + 1);
    this.bytes = new Uint8Array(Math.max(expected, 1024) * 12);
  }

  get length(): number {
    return this.count;
  }

  /** Appends the string whose UTF-8 bytes are source[start] … source[end]. */
  add(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const { bytes } = this;
    let at = this.size;
    // A loop beats a native copy call for the few bytes of an id.
    if (n <= 16) for (let k = start; k < end; k++) bytes[at++] = source[k];
    else {
      bytes.set(source.subarray(start, end), at);
      at += n;
    }
    this.close(at);
  }

  addString(string: string): void {
    const encoded = Buffer.from(string, 'utf8');
    this.add(encoded, 0, encoded.length);
  }

  /** String k of those added so far. */
  get(k: number): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.offsets[k], this.offsets[k + 1] - this.offsets[k]).toString('utf8');
  }

  /** The strings added; views of the packer's arrays (at most half of them unused), not copies. */
  finish(): PackedStrings {
    return { offsets: this.offsets.subarray(0, this.count + 1), bytes: this.bytes.subarray(0, this.size) };
  }

  private reserve(n: number): void {
    if (this.size + n > 0x7fffffff) throw new RangeError('packed strings exceed 2 GiB');
    if (this.count + 1 >= this.offsets.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    if (this.size + n > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.size + n));
      bytes.set(this.bytes.subarray(0, this.size));
      this.bytes = bytes;
    }
  }

  private close(at: number): void {
    this.size = at;
    this.offsets[++this.count] = at;
  }
}
