/**
 * The access key ids the fake STS hands out carry the account they were issued for and the
 * moment they stop working, so the fake EC2 endpoint (a separate server) can tell which account's
 * fleet a caller sees and when to answer ExpiredToken, without sharing any state:
 * `ASIA` + 12-digit account id + expiry (ms since the epoch, base 36, 9 characters).
 */
const TEMPORARY_KEY = /^ASIA(\d{12})([0-9A-Z]{9})$/;

export function temporaryAccessKeyId(accountId: string, expiresAtMs: number): string {
  if (!/^\d{12}$/.test(accountId)) throw new RangeError(`not an account id: ${accountId}`);
  return `ASIA${accountId}${Math.floor(expiresAtMs).toString(36).toUpperCase().padStart(9, "0")}`;
}

export function parseTemporaryAccessKeyId(accessKeyId: string): { accountId: string; expiresAtMs: number } | undefined {
  const match = TEMPORARY_KEY.exec(accessKeyId);
  if (!match) return undefined;
  return { accountId: match[1]!, expiresAtMs: parseInt(match[2]!, 36) };
}
