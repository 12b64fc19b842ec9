"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { CheckCircle2, FileUp, Loader2, XCircle } from "lucide-react";
import { formatBytes } from "@/lib/format";

type FileState =
  | { status: "queued" | "uploading"; progress: number }
  | { status: "stored" | "already stored"; profileId: string; service: string }
  | { status: "rejected"; error: string };

type Item = { key: string; file: File; state: FileState };

const ACCEPT = ".pprof,.pb.gz,.prof,.pb,.gz";
const LABEL_KEYS = ["version", "commit", "environment"] as const;

type UploadResponse = {
  error?: string;
  results?: ({ status: "stored" | "already stored"; profile: { id: string; service: string } } | { status: "rejected"; error: string })[];
};

/** POST one file as multipart so the browser reports upload progress (fetch cannot). */
function sendFile(file: File, service: string, labels: string[], onProgress: (p: number) => void): Promise<FileState> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("service", service);
    form.append("source", "browser");
    for (const l of labels) form.append("label", l);
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/profiles");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => resolve({ status: "rejected", error: "network error: the server could not be reached" });
    xhr.onload = () => {
      let body: UploadResponse = {};
      try {
        body = JSON.parse(xhr.responseText) as UploadResponse;
      } catch {
        /* fall through */
      }
      const result = body.results?.[0];
      if (result && result.status !== "rejected") {
        resolve({ status: result.status, profileId: result.profile.id, service: result.profile.service });
      } else {
        const raw = result?.status === "rejected" ? result.error : (body.error ?? `upload failed (HTTP ${xhr.status})`);
        resolve({ status: "rejected", error: raw.replace(`${file.name}: `, "") });
      }
    };
    xhr.send(form);
  });
}

export function UploadPanel({ services, initialService }: { services: string[]; initialService: string }) {
  const router = useRouter();
  const ids = { service: useId(), list: useId(), files: useId() };
  const inputRef = useRef<HTMLInputElement>(null);
  const [service, setService] = useState(initialService);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  function addFiles(list: FileList | null) {
    if (!list) return;
    const added = [...list].map((file, i) => ({ key: `${Date.now()}-${i}-${file.name}`, file, state: { status: "queued", progress: 0 } as FileState }));
    setItems((prev) => [...prev.filter((p) => p.state.status === "queued"), ...added]);
  }

  function update(key: string, state: FileState) {
    setItems((prev) => prev.map((it) => (it.key === key ? { ...it, state } : it)));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const name = service.trim();
    if (!name) return setFormError("Enter the service these profiles belong to.");
    const queued = items.filter((it) => it.state.status === "queued");
    if (queued.length === 0) return setFormError("Choose or drop at least one profile file.");
    setFormError(null);
    setBusy(true);
    const labelPairs = Object.entries(labels)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => `${k}:${v.trim()}`);
    for (const it of queued) {
      update(it.key, { status: "uploading", progress: 0 });
      const result = await sendFile(it.file, name, labelPairs, (p) => update(it.key, { status: "uploading", progress: p }));
      update(it.key, result);
    }
    setBusy(false);
    router.refresh();
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    addFiles(e.dataTransfer.files);
  }

  const storedService = items.find((it) => it.state.status === "stored" || it.state.status === "already stored");

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-label="Upload profiles">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={ids.service} className="block text-sm font-medium">
            Service
          </label>
          <input
            id={ids.service}
            name="service"
            list={ids.list}
            value={service}
            onChange={(e) => setService(e.target.value)}
            placeholder="users-api"
            autoComplete="off"
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500"
          />
          <datalist id={ids.list}>
            {services.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <p className="mt-1 text-xs text-slate-500">Pick an existing service or type a new name (letters, digits, . _ -).</p>
        </div>
        <fieldset className="grid grid-cols-3 gap-2">
          <legend className="mb-1 text-sm font-medium">Labels (optional)</legend>
          {LABEL_KEYS.map((k) => (
            <label key={k} className="text-xs text-slate-600">
              {k}
              <input
                name={`label-${k}`}
                value={labels[k] ?? ""}
                onChange={(e) => setLabels((prev) => ({ ...prev, [k]: e.target.value }))}
                className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm text-slate-900 focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500"
              />
            </label>
          ))}
        </fieldset>
      </div>

      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
        className={`flex flex-col items-center justify-center rounded-lg border-2 border-dashed px-6 py-10 text-center text-sm ${
          dragging ? "border-blue-500 bg-blue-50" : "border-slate-300 bg-white"
        }`}
      >
        <FileUp className="mb-2 h-8 w-8 text-slate-400" aria-hidden />
        <p>
          Drag and drop <code>.pprof</code>, <code>.pb.gz</code> or <code>.prof</code> files here, or{" "}
          <label htmlFor={ids.files} className="cursor-pointer font-medium text-blue-700 underline">
            choose files
          </label>
        </p>
        <input id={ids.files} ref={inputRef} type="file" multiple accept={ACCEPT} className="sr-only" onChange={(e) => addFiles(e.target.files)} />
        <p className="mt-1 text-xs text-slate-500">Go CPU and heap profiles, gzip-compressed or raw; 64 MiB per file by default.</p>
      </div>

      {items.length > 0 ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Files">
          {items.map((it) => (
            <li key={it.key} className="flex items-center gap-3 px-4 py-3 text-sm" data-testid="upload-item">
              <StatusIcon state={it.state} />
              <div className="min-w-0 flex-1">
                <div className="flex justify-between gap-2">
                  <span className="truncate font-medium">{it.file.name}</span>
                  <span className="num text-xs text-slate-500">{formatBytes(it.file.size)}</span>
                </div>
                <FileStatus state={it.state} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}

      {formError ? (
        <p role="alert" className="text-sm text-red-700">
          {formError}
        </p>
      ) : null}

      <div className="flex items-center gap-4">
        <button
          type="submit"
          disabled={busy}
          className="inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60"
        >
          {busy ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : null}
          {busy ? "Uploading…" : "Upload"}
        </button>
        {storedService && !busy && (storedService.state.status === "stored" || storedService.state.status === "already stored") ? (
          <Link href={`/services/${encodeURIComponent(storedService.state.service)}`} className="text-sm text-blue-700 hover:underline">
            View {storedService.state.service} →
          </Link>
        ) : null}
      </div>
    </form>
  );
}

function StatusIcon({ state }: { state: FileState }) {
  if (state.status === "stored" || state.status === "already stored") return <CheckCircle2 className="h-5 w-5 text-emerald-600" aria-hidden />;
  if (state.status === "rejected") return <XCircle className="h-5 w-5 text-red-600" aria-hidden />;
  if (state.status === "uploading") return <Loader2 className="h-5 w-5 animate-spin text-blue-600" aria-hidden />;
  return <FileUp className="h-5 w-5 text-slate-400" aria-hidden />;
}

function FileStatus({ state }: { state: FileState }) {
  switch (state.status) {
    case "queued":
      return <p className="text-xs text-slate-500">Ready to upload</p>;
    case "uploading":
      return (
        <div className="mt-1 flex items-center gap-2">
          <progress className="h-1.5 w-full" value={state.progress} max={1} aria-label="Upload progress" />
          <span className="num text-xs text-slate-500">{Math.round(state.progress * 100)}%</span>
        </div>
      );
    case "stored":
      return <p className="text-xs text-emerald-700" data-testid="upload-result">Stored</p>;
    case "already stored":
      return <p className="text-xs text-slate-600" data-testid="upload-result">Already stored (same bytes)</p>;
    case "rejected":
      return (
        <p className="text-xs text-red-700" data-testid="upload-result">
          Rejected: {state.error}
        </p>
      );
  }
}
