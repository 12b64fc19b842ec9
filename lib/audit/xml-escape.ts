/** The EC2 Query API's XML namespace and version, and text escaping for XML bodies. */

export const EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
export const EC2_API_VERSION = "2016-11-15";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
