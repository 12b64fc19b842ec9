/** The SigV4 credential scope of an `Authorization` header. The fake never checks the signature itself. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  if (!authorization || !authorization.startsWith("AWS4-HMAC-SHA256 ")) return undefined;
  const match = SCOPE.exec(authorization);
  if (!match) return undefined;
  const [, accessKeyId = "", date = "", region = "", service = ""] = match;
  return { accessKeyId, date, region, service };
}
