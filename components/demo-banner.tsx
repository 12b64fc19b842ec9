/** Shown on every page of `npm run demo` (FLEETSCOPE_DEMO=1): the data is made up. */
export function DemoBanner() {
  return (
    <div role="note" className="bg-fuchsia-700 px-6 py-1.5 text-center text-sm text-white" data-testid="demo-banner">
      <strong className="font-semibold">Demo data.</strong> Audits scan a built-in fake EC2 endpoint and the profiles are samples: nothing here comes
      from a real AWS account.
    </div>
  );
}
