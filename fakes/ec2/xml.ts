/** Tiny XML writer for EC2 Query responses: escaped text elements and `<item>` lists. */

import { EC2_NAMESPACE, escapeXml } from "../../lib/audit/xml-escape";

export { EC2_API_VERSION, EC2_NAMESPACE, escapeXml } from "../../lib/audit/xml-escape";

/** `<name>escaped value</name>`, or nothing when the value is undefined. */
export function textElement(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name><item>..</item>..</name>`; an empty list still renders the (empty) wrapper. */
export function itemList<T>(name: string, items: readonly T[], render: (item: T) => string): string {
  let out = `<${name}>`;
  for (const item of items) out += `<item>${render(item)}</item>`;
  return `${out}</${name}>`;
}

/** The document of a successful call: `<ActionResponse xmlns=..><requestId>..</requestId>body</ActionResponse>`. */
export function responseDocument(action: string, requestId: string, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${EC2_NAMESPACE}">${textElement("requestId", requestId)}${body}</${action}Response>`
  );
}
