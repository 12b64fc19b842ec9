import { accountLabel } from "./audit-format";

/**
 * An account in a table cell: its name with its id beside it, or (`compact`, in the findings
 * tables) its name with the id on hover; the id alone when it has no name.
 */
export function AccountName({ account, name, compact = false }: { account: string; name?: string; compact?: boolean }) {
  if (!name) return <span className="font-mono text-xs" title={account === "self" ? "the server's own credentials" : account}>{accountLabel(account)}</span>;
  return (
    <span className="block truncate text-xs" title={`${name} (${account})`} data-testid="account-name">
      <span className="font-medium text-slate-800">{name}</span>
      {compact ? null : <> <span className="font-mono text-slate-500">{account}</span></>}
    </span>
  );
}
