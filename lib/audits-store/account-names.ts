import type { AccountResult } from "../audit/scan-accounts";

/**
 * Account id → name, for the accounts of a scan whose name is more than their id (as registered
 * when it ran). Types only: pages in the browser use it as the exports do.
 */
export function accountNamesOf(audit: { accounts: readonly Pick<AccountResult, "accountId" | "name">[] }): Record<string, string> {
  const names: Record<string, string> = {};
  for (const a of audit.accounts) if (a.name && a.name !== a.accountId) names[a.accountId] = a.name;
  return names;
}
