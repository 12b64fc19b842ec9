import { invalidParameterValue } from "./ec2-error";
import type { FakeFleet } from "./fleet-types";
import { anyFilterValueMatches, type QueryParams } from "./query-params";
import { itemList, textElement } from "./xml";

/** DescribeRegions: enabled regions, or all of them with `AllRegions=true`. */
export function describeRegions(fleet: FakeFleet, params: QueryParams): string {
  const allRegions = params.get("AllRegions") === "true";
  const names = params.list("RegionName");
  for (const name of names) {
    if (!fleet.regions.some((region) => region.name === name)) {
      throw invalidParameterValue(`Invalid region: ${name}`);
    }
  }
  let regions = fleet.regions.filter((region) => allRegions || region.optInStatus !== "not-opted-in");
  if (names.length > 0) regions = regions.filter((region) => names.includes(region.name));
  for (const filter of params.filters) {
    if (filter.name === "region-name" || filter.name === "endpoint") {
      regions = regions.filter((region) => anyFilterValueMatches(filter, region.name));
    } else if (filter.name === "opt-in-status") {
      regions = regions.filter((region) => anyFilterValueMatches(filter, region.optInStatus));
    } else {
      throw invalidParameterValue(`The filter '${filter.name}' is invalid`);
    }
  }
  return itemList(
    "regionInfo",
    regions,
    (region) =>
      textElement("regionName", region.name) +
      // A reserved, never-resolvable name: everything goes through the fake's own URL anyway.
      textElement("regionEndpoint", `ec2.${region.name}.fake-ec2.invalid`) +
      textElement("optInStatus", region.optInStatus),
  );
}
