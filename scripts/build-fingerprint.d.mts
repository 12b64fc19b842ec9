// Types of scripts/build-fingerprint.mjs, for its test.
export function sourceFingerprint(root: string): string;
export function writeBuildFingerprint(root: string): void;
export function staleBuildReason(root: string): string | undefined;
export function buildOnce(root: string, build: (reason: string) => void, pollMs?: number): Promise<void>;
