"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Plus } from "lucide-react";
import type { SourceKind } from "@/lib/sources/source-dto";
import { inputClass, primaryButton } from "../form-bits";
import { saveSource } from "./source-api";

const KINDS: { kind: SourceKind; label: string; help: string }[] = [
  { kind: "s3", label: "S3 bucket", help: "Batch jobs write <prefix><service>/<name>; labels come from the objects' metadata." },
  { kind: "endpoint", label: "Admin endpoints", help: "net/http/pprof on an internal admin port: each URL is profiled for the given seconds." },
  { kind: "ecs", label: "ECS service", help: "Every running task of the service, at its awsvpc address and the admin port." },
];

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const optionalNumber = (form: FormData, name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));

/** The API request body for the chosen kind, from the form's fields. */
function requestBody(kind: SourceKind, form: FormData): Record<string, unknown> {
  const common = { kind, everyMinutes: optionalNumber(form, "everyMinutes") };
  if (kind === "s3") return { ...common, bucket: text(form, "bucket"), prefix: text(form, "prefix") };
  const profiled = { service: text(form, "service"), seconds: optionalNumber(form, "seconds"), allowLinkLocal: form.get("allowLinkLocal") === "on" };
  if (kind === "endpoint") return { ...common, ...profiled, urls: text(form, "urls").split(/[\s,]+/).filter(Boolean) };
  return { ...common, ...profiled, cluster: text(form, "cluster"), ecsService: text(form, "ecsService"), port: optionalNumber(form, "port") };
}

function Field({ label, name, placeholder, help, ...rest }: { label: string; name: string; placeholder?: string; help?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const helpId = useId();
  return (
    <div>
      <label className="block text-sm font-medium">
        {label}
        <input name={name} placeholder={placeholder} autoComplete="off" spellCheck={false} className={inputClass} aria-describedby={help ? helpId : undefined} {...rest} />
      </label>
      {help ? (
        <p id={helpId} className="mt-1 text-xs text-slate-500">
          {help}
        </p>
      ) : null}
    </div>
  );
}

function KindFields({ kind }: { kind: SourceKind }) {
  if (kind === "s3") {
    return (
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Bucket" name="bucket" placeholder="batch-profiles" required />
        <Field label="Prefix" name="prefix" placeholder="jobs/" help="Objects are <prefix><service>/<any name>." />
      </div>
    );
  }
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Field label="Service" name="service" placeholder="users" required help="The service the profiles are stored under." />
      {kind === "endpoint" ? (
        <div className="md:row-span-2">
          <label className="block text-sm font-medium">
            Admin base URLs
            <textarea name="urls" rows={3} required placeholder={"http://10.0.1.12:6060\nhttp://10.0.1.13:6060"} spellCheck={false} className={`${inputClass} font-mono`} aria-describedby="urls-help" />
          </label>
          <p id="urls-help" className="mt-1 text-xs text-slate-500">
            One a line. Fleetscope fetches /debug/pprof/profile?seconds=N from each.
          </p>
        </div>
      ) : (
        <>
          <Field label="ECS cluster" name="cluster" placeholder="prod" required />
          <Field label="ECS service" name="ecsService" placeholder="users-api" required />
          <Field label="Admin port" name="port" type="number" min={1} max={65535} placeholder="6060" required />
        </>
      )}
      <Field label="Seconds to profile" name="seconds" type="number" min={1} max={300} placeholder="30" />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="allowLinkLocal" />
        Allow link-local addresses (169.254.0.0/16, where the instance metadata service answers)
      </label>
    </div>
  );
}

/** Adds a source of one of three kinds, then opens its page. */
export function AddSourceForm() {
  const router = useRouter();
  const [kind, setKind] = useState<SourceKind>("s3");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { source } = await saveSource(requestBody(kind, new FormData(event.currentTarget)));
      router.push(`/sources/${source.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPending(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Add a source" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
        <legend className="mb-2 text-sm font-medium">Kind</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className="flex items-center gap-2 text-sm">
            <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} />
            {k.label}
          </label>
        ))}
      </fieldset>
      <p className="text-xs text-slate-500">{KINDS.find((k) => k.kind === kind)!.help}</p>
      <KindFields key={kind} kind={kind} />
      <div className="max-w-xs">
        <Field label="Collect every N minutes" name="everyMinutes" type="number" min={1} max={10080} placeholder="(only when asked)" />
      </div>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButton}>
          <Plus className="h-4 w-4" aria-hidden /> {pending ? "Saving…" : "Add source"}
        </button>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
