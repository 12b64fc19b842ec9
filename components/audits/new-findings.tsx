"use client";

import { useQuery } from "@tanstack/react-query";
import { formatCount } from "@/lib/format";
import { accountLabel, formatPorts, formatProtocol, type AccountNames } from "./audit-format";
import { openIngressQuery, untaggedQuery } from "./audit-queries";
import { SeverityBadge } from "./badges";

const MAX_SHOWN = 50;

/** What is new since the previous scan of the same scope (muted findings left out): the report leads with it. */
export function NewFindings({ auditId, accountNames = {} }: { auditId: string; accountNames?: AccountNames }) {
  const open = useQuery(openIngressQuery(auditId));
  const untagged = useQuery(untaggedQuery(auditId));
  if (!open.data || !untagged.data) return null;
  const rules = open.data
    .filter((f) => f.suppressedBy === null)
    .flatMap((f) => f.permissions.filter((p) => p.isNew).map((p) => ({ f, p })))
    .sort((a, b) => (a.p.severity === b.p.severity ? 0 : a.p.severity === "critical" ? -1 : 1));
  const instances = untagged.data.filter((f) => f.suppressedBy === null && f.isNew);
  const total = rules.length + instances.length;
  return (
    <section aria-labelledby="new-heading" className="space-y-2 rounded-lg border border-blue-200 bg-blue-50/60 p-4" data-testid="new-findings">
      <h2 id="new-heading" className="text-lg font-semibold">
        New since the previous scan <span className="text-slate-500">({formatCount(total)})</span>
      </h2>
      {total === 0 ? (
        <p className="text-sm text-slate-600">Nothing new: every finding was there in the previous scan of the same scope (or its region was not read then).</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {rules.slice(0, MAX_SHOWN).map(({ f, p }) => (
            <li key={`${f.account}/${f.region}/${f.instanceId}/${p.groupId}/${p.protocol}/${p.fromPort}/${p.cidr}`} className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={p.severity} />
              <span className="font-mono text-xs">{accountLabel(f.account, accountNames)} · {f.region} · {f.instanceId}</span>
              {f.name ? <span>{f.name}</span> : null}
              <span className="text-slate-600">
                {formatProtocol(p.protocol)} {formatPorts(p)} open to {p.cidr} ({p.groupId})
              </span>
            </li>
          ))}
          {instances.slice(0, MAX_SHOWN).map((f) => (
            <li key={`${f.account}/${f.region}/${f.instanceId}`} className="flex flex-wrap items-center gap-2">
              <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">untagged</span>
              <span className="font-mono text-xs">{accountLabel(f.account, accountNames)} · {f.region} · {f.instanceId}</span>
              {f.name ? <span>{f.name}</span> : null}
              <span className="text-slate-600">missing {f.missingTags.join(", ")}</span>
            </li>
          ))}
          {rules.length > MAX_SHOWN || instances.length > MAX_SHOWN ? <li className="text-slate-500">… sort the tables below by “First seen” for the rest.</li> : null}
        </ul>
      )}
    </section>
  );
}
