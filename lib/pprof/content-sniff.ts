/**
 * Names what a byte string looks like when it turned out not to be a pprof
 * profile, so that the error can say "the body is a PNG image" rather than
 * "invalid wire type". Only used to word errors: it never rejects a profile.
 */

const SIGNATURES: ReadonlyArray<{ magic: readonly number[]; what: string }> = [
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: "a PNG image" },
  { magic: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { magic: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: "a PDF document" },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive" },
  { magic: [0x1f, 0x8b], what: "gzip-compressed data inside gzip (compressed twice)" },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: "zstd-compressed data (only gzip is supported)" },
  { magic: [0x42, 0x5a, 0x68], what: "bzip2-compressed data (only gzip is supported)" },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: "xz-compressed data (only gzip is supported)" },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: "an ELF executable (upload the profile, not the binary)" },
  { magic: [0x4d, 0x5a], what: "a Windows executable (upload the profile, not the binary)" },
];

const SNIFF_BYTES = 512;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

function asText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(head);
  } catch {
    // A multi-byte character cut at the sniff boundary is still text.
    if (head.length < SNIFF_BYTES) return undefined;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, SNIFF_BYTES - 3));
    } catch {
      return undefined;
    }
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return undefined;
    if (c === 0x7f) return undefined;
  }
  return text;
}

function quote(text: string): string {
  const oneLine = text.trim().replace(/\s+/g, " ");
  return JSON.stringify(oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine);
}

/** Describes `bytes` ("a PNG image", "JSON text", ...) or returns undefined when unrecognised. */
export function describeContent(bytes: Uint8Array): string | undefined {
  for (const { magic, what } of SIGNATURES) if (startsWith(bytes, magic)) return what;
  const text = asText(bytes);
  if (text === undefined) return undefined;
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return "blank text";
  const lower = trimmed.slice(0, 64).toLowerCase();
  if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) return "an HTML page";
  if (lower.startsWith("<?xml") || lower.startsWith("<svg")) return "an XML/SVG document";
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return "JSON text";
  if (/^(heap profile:|--- contention|goroutine profile:|threadcreate profile:|mutex profile:|block profile:)/.test(trimmed)) {
    return "a Go profile in the legacy text format (debug=1); upload the binary one (debug=0)";
  }
  return `text (${quote(trimmed)})`;
}
