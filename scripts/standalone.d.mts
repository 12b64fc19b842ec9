// Types of scripts/standalone.mjs, for the test that runs the standalone output.
export function assembleStandalone(root: string, out?: string): string;
