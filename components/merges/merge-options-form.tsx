"use client";

import type { MergeOptionsState } from "./builder-state";

function Option({ checked, onChange, label, children, name }: { checked: boolean; onChange: (v: boolean) => void; label: string; children: React.ReactNode; name: string }) {
  return (
    <label className="flex items-start gap-2.5 text-sm">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 h-4 w-4 shrink-0" />
      <span>
        <span className="font-medium text-slate-900">{label}</span>
        <span className="block text-xs text-slate-600">{children}</span>
      </span>
    </label>
  );
}

type Props = { options: MergeOptionsState; onChange: (update: (o: MergeOptionsState) => MergeOptionsState) => void };

/** The merge's options: equalise, drop labels, PGO-minimal, guard hazards. */
export function MergeOptionsForm({ options, onChange }: Props) {
  const set = (key: keyof MergeOptionsState) => (value: boolean) => onChange((o) => ({ ...o, [key]: value }));
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Options">
      <h2 className="text-base font-semibold">Options</h2>
      <Option name="equalise" checked={options.equalise} onChange={set("equalise")} label="Equalise">
        Scale inputs so each contributes the same total (weight = largest total ÷ own total). Off: weights below, 1 = go tool pprof -proto.
      </Option>
      <Option name="dropLabels" checked={options.dropLabels} onChange={set("dropLabels")} label="Drop labels">
        Remove sample labels so identical stacks merge: a smaller file, the same edges (datadog-pgo does this).
      </Option>
      <Option name="minimal" checked={options.minimal} onChange={set("minimal")} label="PGO-minimal file">
        Keep only what the compiler reads (the two innermost locations per sample); the edge map is checked to be identical.
      </Option>
      <Option name="guardHazards" checked={options.guardHazards} onChange={set("guardHazards")} label="Guard PGO hazards">
        Rename runtime.gopark and grpc&apos;s loopyWriter.processData so they are never inlined (golang/go#74045, #65532).
      </Option>
    </section>
  );
}
