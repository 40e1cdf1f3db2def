/**
 * Float32 weights as base64 text for the JSON artifact: exact (a decimal round-trip of float32
 * needs 9 digits per value), and a third the size of a JSON number list. Little-endian, the
 * byte order of every platform Node ships for, written explicitly so the artifact does not
 * depend on it.
 */

export function encodeFloat32(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i], i * 4);
  return bytes.toString('base64');
}

/** The values encoded by `encodeFloat32`; null when the text is not base64 of whole float32s. */
export function decodeFloat32(text: string): Float32Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return null;
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
