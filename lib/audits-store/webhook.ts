import { isIP } from "node:net";
import { z } from "zod";
import type { Db } from "../db/client";
import { HttpError } from "../http/errors";

const MAX_URL = 2000;

function isLinkLocal(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(host) === 4) return host.startsWith("169.254.") || host === "0.0.0.0";
  if (isIP(host) === 6) return host.startsWith("fe80:") || host === "::";
  return host === "metadata.google.internal";
}

/** A Slack-compatible incoming webhook: http(s), no credentials in it, not a link-local (instance metadata) address. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(MAX_URL, `a webhook URL is at most ${MAX_URL} characters`)
  .superRefine((value, context) => {
    const problem = webhookUrlProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

function webhookUrlProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return "not a URL (like https://hooks.slack.com/services/...)";
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "the webhook must be an http or https URL";
  if (url.username || url.password) return "a webhook URL must not carry a user name or password";
  if (isLinkLocal(url.hostname)) return "a link-local address (instance metadata) cannot be a webhook";
  return undefined;
}

export const webhookRequestSchema = z.object({ url: webhookUrlSchema });

/**
 * The URL as the API and pages show it: scheme, host and the first path segment, then the last 4
 * characters. Incoming webhook URLs are secrets; the full one is never shown again.
 */
export function maskWebhookUrl(url: string): string {
  const parsed = new URL(url);
  const first = parsed.pathname.split("/").filter(Boolean)[0];
  const tail = url.slice(-4);
  return `${parsed.protocol}//${parsed.host}/${first ? `${first}/` : ""}…${tail}`;
}

export interface WebhookDto {
  /** Masked: the full URL is never sent back. */
  url: string;
  updatedBy: string;
  updatedAt: string;
}

const ID = "default";

export async function getWebhookUrl(db: Db): Promise<string | null> {
  return (await db.auditWebhook.findUnique({ where: { id: ID } }))?.url ?? null;
}

export async function getWebhook(db: Db): Promise<WebhookDto | null> {
  const row = await db.auditWebhook.findUnique({ where: { id: ID } });
  return row ? { url: maskWebhookUrl(row.url), updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() } : null;
}

export async function setWebhook(db: Db, url: string, by: string): Promise<WebhookDto> {
  const data = { url, updatedBy: by, updatedAt: new Date() };
  const row = await db.auditWebhook.upsert({ where: { id: ID }, create: { id: ID, ...data }, update: data });
  return { url: maskWebhookUrl(row.url), updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() };
}

export async function deleteWebhook(db: Db): Promise<void> {
  await db.auditWebhook.deleteMany({ where: { id: ID } });
}

/** Why a post failed, in words that never contain the URL. */
function failureReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `the webhook did not answer within ${timeoutMs} ms`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "the webhook refused the connection";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the webhook's host name does not resolve";
  return `the webhook could not be reached${code ? ` (${code})` : ""}`;
}

/** Posts Slack-compatible JSON `{ text }`. Resolves, or rejects with a reason that never names the URL. */
export async function postToWebhook(url: string, text: string, timeoutMs = 5000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new HttpError(502, failureReason(error, timeoutMs));
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new HttpError(502, `the webhook answered HTTP ${response.status}`);
}

/** Sends a test message to the webhook set; 409 when none is set, 502 with the reason when it fails. */
export async function sendTestMessage(db: Db, publicUrl: string, timeoutMs?: number): Promise<void> {
  const url = await getWebhookUrl(db);
  if (!url) throw new HttpError(409, "no webhook is set: set one first (PUT /api/alerts/webhook)");
  await postToWebhook(url, `Fleetscope test message: alerts of scheduled scans will arrive here. ${publicUrl}/audits`, timeoutMs);
}
