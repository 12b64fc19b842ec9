"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CommittedPgoDto } from "@/lib/pgo-check/committed-store";
import type { CommittedTrend } from "@/lib/pgo-check/trend";
import { fetchJson } from "../fetch-json";

export type CommittedView = { committed: CommittedPgoDto | null; trend: CommittedTrend | null };

const KEY = ["pgo-committed"] as const;

/** The default.pgo marked as the one in the repository, and its refresh check over time. */
export function useCommittedPgo() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => fetchJson<CommittedView>("/api/pgo/committed", signal), refetchInterval: 60_000 });
}

async function send(init: RequestInit & { url?: string }): Promise<void> {
  const res = await fetch(init.url ?? "/api/pgo/committed", init);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `the server answered HTTP ${res.status}`);
  }
}

/** Mark a stored merge, upload the committed file, or forget it; the check is read again after each. */
export function useCommittedActions() {
  const client = useQueryClient();
  const done = { onSuccess: () => client.invalidateQueries({ queryKey: KEY }) };
  return {
    markMerge: useMutation({
      mutationFn: (mergeId: string) => send({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mergeId }) }),
      ...done,
    }),
    upload: useMutation({
      mutationFn: ({ file, services, min }: { file: File; services: string[]; min: number }) => {
        const query = new URLSearchParams([...services.map((s) => ["service", s]), ["min", String(min)]]);
        return send({ url: `/api/pgo/committed?${query}`, method: "POST", body: file });
      },
      ...done,
    }),
    forget: useMutation({ mutationFn: () => send({ method: "DELETE" }), ...done }),
  };
}
