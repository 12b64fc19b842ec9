import type { OptInStatus } from "./fleet-types";

/** Real EC2 region names, the default ones first; `generateFleet({ regions: n })` takes the first n. */
export const REGION_NAMES: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-southeast-1", "ap-southeast-2", "sa-east-1",
  // Regions that need an opt-in.
  "af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
  "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
];

const OPT_IN_REGIONS = new Set(REGION_NAMES.slice(REGION_NAMES.indexOf("af-south-1")));

/** `opted-in` for opt-in regions, `opt-in-not-required` for the others, unless listed as not opted in. */
export function defaultOptInStatus(region: string, notOptedIn: readonly string[] = []): OptInStatus {
  if (notOptedIn.includes(region)) return "not-opted-in";
  return OPT_IN_REGIONS.has(region) ? "opted-in" : "opt-in-not-required";
}
