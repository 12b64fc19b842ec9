/**
 * A plain Uint8Array over exactly `bytes` (Node Buffers are views that may share a
 * larger pooled ArrayBuffer; copy in that case so `.buffer` holds only this blob).
 */
export function toPlainBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return new Uint8Array(bytes.buffer, 0, bytes.byteLength);
  }
  return new Uint8Array(bytes);
}

export function assertBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("blob bytes must be a Uint8Array");
  }
}
