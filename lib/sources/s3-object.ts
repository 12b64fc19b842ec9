// One object of an S3 source: its service (the first key segment after the prefix), its labels
// (the object's user metadata) and its bytes, read with the upload limit.
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { formatBytesLimit } from "../config/env";
import { parseLabels, LABEL_LIMIT } from "../profiles/labels";
import { parseServiceName } from "../profiles/ingest";
import { ItemError, messageOf } from "./collect-error";

/** The service an object belongs to: `<prefix><service>/<any name>`. */
export function serviceOfKey(key: string, prefix: string): string {
  const rest = key.slice(prefix.length);
  const slash = rest.indexOf("/");
  if (slash <= 0) throw new ItemError("rejected", `not in the layout ${prefix}<service>/<name>: the first path segment after the prefix names the service`);
  try {
    return parseServiceName(rest.slice(0, slash));
  } catch (err) {
    throw new ItemError("rejected", `the key's first segment "${rest.slice(0, Math.min(slash, 100))}" is not a service name: ${messageOf(err)}`);
  }
}

/** Labels from user metadata (x-amz-meta-version: 1.4.2 → version: 1.4.2); metadata that is not a valid label is left out. */
export function labelsOfMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (Object.keys(labels).length >= LABEL_LIMIT) break;
    try {
      Object.assign(labels, parseLabels([`${key}:${value}`]));
    } catch {
      // not a label Fleetscope can keep (key or value shape): skipped
    }
  }
  return labels;
}

function s3Failure(err: unknown, bucket: string, key: string): ItemError {
  const name = (err as { name?: string }).name ?? "";
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (name === "AccessDenied" || status === 403) return new ItemError("failed", `access denied reading s3://${bucket}/${key}: the policy needs s3:GetObject on it (and kms:Decrypt for SSE-KMS)`);
  if (name === "NoSuchKey" || status === 404) return new ItemError("failed", `s3://${bucket}/${key} was removed while the run read it`);
  return new ItemError("failed", `s3://${bucket}/${key} could not be read: ${name || messageOf(err)}`);
}

async function readBody(body: AsyncIterable<Uint8Array>, maxBytes: number, destroy: () => void): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      destroy();
      throw new ItemError("rejected", `the object is larger than the ${formatBytesLimit(maxBytes)} upload limit (FLEETSCOPE_MAX_UPLOAD_BYTES): stopped reading`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** GetObject: the bytes (read with the limit) and the user metadata. */
export async function readObject(client: S3Client, bucket: string, key: string, maxBytes: number): Promise<{ bytes: Uint8Array; metadata: Record<string, string> }> {
  let out;
  try {
    out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    throw s3Failure(err, bucket, key);
  }
  if (!out.Body) return { bytes: new Uint8Array(0), metadata: out.Metadata ?? {} };
  const body = out.Body as unknown as AsyncIterable<Uint8Array> & { destroy?: () => void };
  try {
    return { bytes: await readBody(body, maxBytes, () => body.destroy?.()), metadata: out.Metadata ?? {} };
  } catch (err) {
    if (err instanceof ItemError) throw err;
    throw s3Failure(err, bucket, key);
  }
}
