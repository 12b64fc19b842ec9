import { HttpError } from "../http/errors";

export const LABEL_LIMIT = 20;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parse `key:value` pairs (from repeated `label` query or form fields) into a label map. */
export function parseLabels(pairs: string[]): Record<string, string> {
  if (pairs.length > LABEL_LIMIT) throw new HttpError(400, `at most ${LABEL_LIMIT} labels per profile`);
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf(":");
    if (at <= 0) throw new HttpError(400, `label "${pair.slice(0, 80)}" must look like key:value`);
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (!KEY.test(key)) {
      throw new HttpError(400, `label key "${key.slice(0, 80)}" may hold letters, digits, '.', '_', '-' (64 at most)`);
    }
    if (value.length > 256 || /[\u0000-\u001f]/.test(value)) {
      throw new HttpError(400, `label "${key}" value must be at most 256 printable characters`);
    }
    labels[key] = value;
  }
  return labels;
}
