/** URLs of the audit pages and API, in one place. */
export const auditPage = (id: string) => `/audits/${encodeURIComponent(id)}`;
export const comparePage = (base: string, target: string) =>
  `/audits/compare?base=${encodeURIComponent(base)}&target=${encodeURIComponent(target)}`;
export const auditApi = (id: string) => `/api/audits/${encodeURIComponent(id)}`;
export const findingsApi = (id: string, kind: "untagged" | "open-ingress") => `${auditApi(id)}/findings?kind=${kind}`;
export const exportApi = (id: string, kind: "untagged" | "open-ingress" | "regions", format: "csv" | "json") =>
  `${auditApi(id)}/export.${format}?kind=${kind}`;
export const compareApi = (base: string, target: string) =>
  `/api/audits/compare?base=${encodeURIComponent(base)}&target=${encodeURIComponent(target)}`;
