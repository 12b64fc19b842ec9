"use server";

import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { auditRequestSchema } from "@/lib/audit/audit-request";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { auditStore, type AuditDto } from "@/lib/audits-store";
import { db } from "@/lib/db/client";
import { isClientError } from "@/lib/http/errors";
import { requireAccess } from "../_lib/current-principal";
import type { ActionState } from "../_lib/action-state";

const FIELD: Record<string, string> = { accounts: "Accounts", regions: "Regions", requiredTags: "Required tags" };

function failure(err: unknown, body: { regions?: unknown; requiredTags?: unknown }): ActionState {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const [field, index] = issue?.path ?? [];
    const list = field === "regions" ? body.regions : body.requiredTags;
    const value = typeof index === "number" && Array.isArray(list) ? ` “${String(list[index])}”` : "";
    const name = FIELD[String(field)] ?? "Scan";
    return { ok: false, message: `${name}${value}: ${issue?.message ?? "invalid"}`, errors: { [String(field)]: issue?.message ?? "invalid" } };
  }
  if (isClientError(err)) return { ok: false, message: err.message };
  throw err;
}

/** Starts a scan (or joins the running one of the same scope), then opens its live report. */
async function start(body: { accounts?: unknown; regions: unknown; requiredTags: unknown }): Promise<ActionState | AuditDto> {
  const principal = await requireAccess("operator");
  try {
    const { audit, joined } = await auditStore().start(auditRequestSchema.parse(body), actorName(principal));
    if (!joined) {
      const regions = audit.regionsRequested === "all" ? "all enabled regions" : audit.regionsRequested.join(", ");
      await recordActivity(db(), principal, "audit.start", audit.id, `${regions}; required tags ${audit.requiredTags.join(", ")}`);
    }
    return audit;
  } catch (err) {
    return failure(err, body);
  }
}

const words = (value: FormDataEntryValue | null, separator: RegExp) =>
  String(value ?? "")
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

/** The audits page's form: all enabled regions or the ticked and typed ones; tag keys separated by commas. */
export async function startAuditAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const chosen = [...form.getAll("region").map(String), ...words(form.get("moreRegions"), /[\s,]+/)];
  const all = form.get("scope") !== "chosen";
  if (!all && chosen.length === 0) {
    await requireAccess("operator");
    return { ok: false, message: "Regions: tick or type at least one region, or scan all enabled regions.", errors: { regions: "none chosen" } };
  }
  const accountScope = String(form.get("accounts") ?? "self");
  const accounts = accountScope === "all" ? "all" : accountScope === "chosen" ? form.getAll("account").map(String) : ["self"];
  if (accountScope === "chosen" && accounts.length === 0) {
    await requireAccess("operator");
    return { ok: false, message: "Accounts: tick at least one account, or scan all registered accounts.", errors: { accounts: "none chosen" } };
  }
  const outcome = await start({ accounts, regions: all ? "all" : chosen, requiredTags: words(form.get("requiredTags"), /,/) });
  if ("ok" in outcome) return outcome;
  redirect(`/audits/${outcome.id}`);
}

/** "Scan again" on a report: the same regions and tag keys. */
export async function rescanAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  await requireAccess("operator");
  let previous: AuditDto;
  try {
    previous = await auditStore().get(String(form.get("auditId") ?? ""));
  } catch (err) {
    return failure(err, {});
  }
  const outcome = await start({ accounts: previous.accountsRequested, regions: previous.regionsRequested, requiredTags: previous.requiredTags });
  if ("ok" in outcome) return outcome;
  redirect(`/audits/${outcome.id}`);
}

/** "Stop scan" on a running report: its calls are cancelled and it is marked stopped. */
export async function stopAuditAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const principal = await requireAccess("operator");
  const id = String(form.get("auditId") ?? "");
  try {
    await auditStore().stop(id, actorName(principal));
    await recordActivity(db(), principal, "audit.stop", id, "stopped before it finished");
    return { ok: true, message: "Stopped." };
  } catch (err) {
    return failure(err, {});
  }
}
