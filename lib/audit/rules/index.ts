export { missingTags, nameTagOf, type TagLike } from "./missing-tags";
export {
  openIngressPermissions,
  IPV4_ANYWHERE,
  IPV6_ANYWHERE,
  type IpPermissionLike,
  type OpenIngressPermission,
  type SecurityGroupLike,
} from "./open-ingress";
export {
  severityOf,
  normalizeProtocol,
  isIcmp,
  coversAllPorts,
  criticalPortsIn,
  CRITICAL_PORT_RANGES,
  SEVERITY_ORDER,
  type Severity,
} from "./severity";
