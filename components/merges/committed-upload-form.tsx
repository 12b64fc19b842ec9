"use client";

import { useState, type FormEvent } from "react";
import { Upload } from "lucide-react";
import { inputClass, primaryButton } from "../form-bits";
import { useCommittedActions } from "./use-committed";

/** Upload the default.pgo that is in the repository, for the services it serves. */
export function CommittedUploadForm({ knownServices }: { knownServices: string[] }) {
  const { upload } = useCommittedActions();
  const [file, setFile] = useState<File | null>(null);
  const [services, setServices] = useState(knownServices.join(", "));
  const [min, setMin] = useState("0.8");
  const names = services.split(/[\s,]+/).filter(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ file, services: names, min: Number(min) });
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[2fr_2fr_1fr_auto] sm:items-end" aria-label="Upload the committed default.pgo">
      <label className="text-sm font-medium text-slate-700">
        Committed file
        <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} className={inputClass} aria-describedby="committed-help" />
      </label>
      <label className="text-sm font-medium text-slate-700">
        Services it serves
        <input value={services} onChange={(e) => setServices(e.target.value)} required placeholder="users, search" className={inputClass} />
      </label>
      <label className="text-sm font-medium text-slate-700">
        Refresh below
        <input type="number" min={0} max={1} step={0.05} value={min} onChange={(e) => setMin(e.target.value)} className={inputClass} />
      </label>
      <button type="submit" className={primaryButton} disabled={!file || names.length === 0 || upload.isPending}>
        <Upload className="h-4 w-4" aria-hidden /> {upload.isPending ? "Checking…" : "Upload"}
      </button>
      <p id="committed-help" className="text-xs text-slate-500 sm:col-span-4">
        The file is checked as Go&apos;s compiler reads it (gzip or raw pprof). Or press <strong>Mark as committed</strong> on a merge below.
      </p>
      {upload.error ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-4">
          {upload.error.message}
        </p>
      ) : null}
    </form>
  );
}
