import { queryOptions } from "@tanstack/react-query";
import type { ReportedOpenIngress, ReportedUntagged } from "@/lib/audits-store/reported-findings";
import type { AuditComparison, AuditDto } from "@/lib/audits-store";
import { fetchJson } from "../fetch-json";
import { auditApi, compareApi, findingsApi } from "./audit-urls";

/** Polls every second while the scan runs; stops once it is done, failed or interrupted. */
export const auditQuery = (id: string, initialData?: AuditDto) =>
  queryOptions({
    queryKey: ["audit", id],
    queryFn: async ({ signal }) => (await fetchJson<{ audit: AuditDto }>(auditApi(id), signal)).audit,
    initialData,
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1000 : false),
    // Keep polling in a background tab: the progress is what the page is for.
    refetchIntervalInBackground: true,
    retry: 3,
  });

/** Findings never change once stored (a suppression added meanwhile shows on the next load). */
export const untaggedQuery = (id: string) =>
  queryOptions({
    queryKey: ["audit", id, "findings", "untagged"],
    queryFn: async ({ signal }) => (await fetchJson<{ findings: ReportedUntagged[] }>(findingsApi(id, "untagged"), signal)).findings,
    staleTime: Infinity,
  });

export const openIngressQuery = (id: string) =>
  queryOptions({
    queryKey: ["audit", id, "findings", "open-ingress"],
    queryFn: async ({ signal }) => (await fetchJson<{ findings: ReportedOpenIngress[] }>(findingsApi(id, "open-ingress"), signal)).findings,
    staleTime: Infinity,
  });

export const comparisonQuery = (base: string, target: string) =>
  queryOptions({
    queryKey: ["audit-comparison", base, target],
    queryFn: ({ signal }) => fetchJson<AuditComparison>(compareApi(base, target), signal),
    staleTime: Infinity,
  });
