import { ListAccountsCommand, OrganizationsClient, type OrganizationsClientConfig } from "@aws-sdk/client-organizations";
import { z } from "zod";
import { describeScanError, type AccountTarget } from "../audit";
import type { Db } from "../db/client";
import { HttpError, NotFoundError } from "../http/errors";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "an external id is 2 to 1224 letters, digits or +=,.@:/-").optional();

/** The body of POST /api/accounts. */
export const accountRequestSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/, "an account id is 12 digits"),
    name: z.string().trim().max(100).optional(),
    roleArn: z.string().regex(ROLE_ARN, "not a role ARN (like arn:aws:iam::123456789012:role/FleetscopeAudit)"),
    externalId: EXTERNAL_ID,
  })
  .refine((a) => ROLE_ARN.exec(a.roleArn)?.[1] === a.accountId, { message: "the role must be in the account itself (its ARN names another account id)", path: ["roleArn"] });
export type AccountRequest = z.infer<typeof accountRequestSchema>;

/** The body of POST /api/accounts/import: one role name assumed in every account of the organisation. */
export const organizationsImportSchema = z.object({
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, "a role name (like FleetscopeAudit), not an ARN"),
  externalId: EXTERNAL_ID,
});
export type OrganizationsImport = z.infer<typeof organizationsImportSchema>;

/** An account as the API shows it. */
export interface AccountDto {
  accountId: string;
  name: string;
  roleArn: string;
  externalId: string | null;
  source: "manual" | "organizations";
  /** ACTIVE, SUSPENDED... when imported from AWS Organizations. */
  orgStatus: string | null;
  createdBy: string;
  createdAt: string;
}

type AccountRow = Awaited<ReturnType<Db["auditAccount"]["findMany"]>>[number];

function toDto(row: AccountRow): AccountDto {
  return {
    accountId: row.accountId,
    name: row.name,
    roleArn: row.roleArn,
    externalId: row.externalId,
    source: row.source === "organizations" ? "organizations" : "manual",
    orgStatus: row.orgStatus,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listAccounts(db: Db): Promise<AccountDto[]> {
  return (await db.auditAccount.findMany({ orderBy: [{ name: "asc" }, { accountId: "asc" }] })).map(toDto);
}

/** Adds an account, or replaces the one with the same id (its name, role or external id changed). */
export async function saveAccount(db: Db, request: AccountRequest, by: string): Promise<AccountDto> {
  const data = { name: request.name || request.accountId, roleArn: request.roleArn, externalId: request.externalId ?? null, source: "manual", orgStatus: null };
  const row = await db.auditAccount.upsert({ where: { accountId: request.accountId }, create: { accountId: request.accountId, createdBy: by, ...data }, update: data });
  return toDto(row);
}

export async function deleteAccount(db: Db, accountId: string): Promise<void> {
  const { count } = await db.auditAccount.deleteMany({ where: { accountId } });
  if (count === 0) throw new NotFoundError(`no account ${accountId.slice(0, 40)}: list them with GET /api/accounts`);
}

/**
 * Imports every account of the organisation (ListAccounts, every page) from the management or a
 * delegated administrator account, each with `arn:<partition>:iam::<id>:role/<roleName>`. Suspended
 * accounts are kept (a scan reports them as failed with STS's reason). Returns the accounts saved.
 */
export async function importFromOrganizations(db: Db, request: OrganizationsImport, by: string, clientConfig: OrganizationsClientConfig = {}): Promise<AccountDto[]> {
  const client = new OrganizationsClient({ region: "us-east-1", retryMode: "standard", maxAttempts: 10, ...clientConfig });
  const listed: { Id: string; Name?: string; Status?: string }[] = [];
  try {
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListAccountsCommand({ NextToken, MaxResults: 20 }));
      for (const account of page.Accounts ?? []) if (account.Id) listed.push({ Id: account.Id, Name: account.Name, Status: account.Status ?? account.State });
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (error) {
    const info = describeScanError(error);
    throw new HttpError(400, `AWS Organizations did not list the accounts (${info.code}: ${info.message}): call it from the management account or a delegated administrator, with organizations:ListAccounts`);
  } finally {
    client.destroy();
  }
  const saved: AccountDto[] = [];
  for (const account of listed) {
    const data = { name: account.Name || account.Id, roleArn: `arn:aws:iam::${account.Id}:role/${request.roleName}`, externalId: request.externalId ?? null, source: "organizations", orgStatus: account.Status ?? null };
    saved.push(toDto(await db.auditAccount.upsert({ where: { accountId: account.Id }, create: { accountId: account.Id, createdBy: by, ...data }, update: data })));
  }
  return saved;
}

/** The accounts a scan asked for, as scan targets: "all" registered ones, or the listed ids ("self": the server's own credentials). */
export async function resolveAccounts(db: Db, requested: "all" | readonly string[]): Promise<AccountTarget[]> {
  const rows = await db.auditAccount.findMany({ orderBy: { accountId: "asc" } });
  const target = (row: AccountRow): AccountTarget => ({ accountId: row.accountId, name: row.name, roleArn: row.roleArn, externalId: row.externalId ?? undefined });
  if (requested === "all") {
    if (rows.length === 0) throw new HttpError(400, 'no accounts are registered: add them (POST /api/accounts, or POST /api/accounts/import from AWS Organizations), or scan "self"');
    return rows.map(target);
  }
  return requested.map((id) => {
    if (id === "self") return { accountId: "self" };
    const row = rows.find((r) => r.accountId === id);
    if (!row) throw new HttpError(400, `account ${id} is not registered: add it with POST /api/accounts first`);
    return target(row);
  });
}
