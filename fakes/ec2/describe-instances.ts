import { Ec2Error, invalidParameterCombination, invalidParameterValue } from "./ec2-error";
import { INSTANCE_STATE_CODES, type FakeGroupRef, type FakeInstance, type FakeRegion } from "./fleet-types";
import { paginate } from "./pagination";
import { anyFilterValueMatches, type QueryFilter, type QueryParams } from "./query-params";
import { itemList, textElement } from "./xml";

function matchesFilter(instance: FakeInstance, filter: QueryFilter): boolean {
  switch (filter.name) {
    case "instance-id":
      return anyFilterValueMatches(filter, instance.instanceId);
    case "instance-state-name":
      return anyFilterValueMatches(filter, instance.state);
    case "instance-state-code":
      return anyFilterValueMatches(filter, String(INSTANCE_STATE_CODES[instance.state]));
    case "instance.group-id":
      return instance.groups.some((group) => anyFilterValueMatches(filter, group.groupId));
    case "tag-key":
      return instance.tags.some((tag) => anyFilterValueMatches(filter, tag.key));
    default:
      if (filter.name.startsWith("tag:")) {
        const key = filter.name.slice(4);
        return instance.tags.some((tag) => tag.key === key && anyFilterValueMatches(filter, tag.value));
      }
      throw invalidParameterValue(`The filter '${filter.name}' is invalid`);
  }
}

const renderGroups = (groups: FakeGroupRef[]): string =>
  itemList("groupSet", groups, (group) => textElement("groupId", group.groupId) + textElement("groupName", group.groupName));

function renderInstance(instance: FakeInstance): string {
  return (
    textElement("instanceId", instance.instanceId) +
    textElement("instanceType", instance.instanceType) +
    `<instanceState>${textElement("code", INSTANCE_STATE_CODES[instance.state])}${textElement("name", instance.state)}</instanceState>` +
    renderGroups(instance.groups) +
    (instance.tags.length > 0
      ? itemList("tagSet", instance.tags, (tag) => textElement("key", tag.key) + textElement("value", tag.value))
      : "") +
    itemList(
      "networkInterfaceSet",
      instance.networkInterfaces,
      (eni) => textElement("networkInterfaceId", eni.networkInterfaceId) + renderGroups(eni.groups),
    )
  );
}

/** DescribeInstances: reservations of one page of instances, in every state unless filtered. */
export function describeInstances(
  region: FakeRegion,
  ownerId: string,
  params: QueryParams,
  pageCap: number | undefined,
): string {
  const ids = params.list("InstanceId");
  if (ids.length > 0 && params.get("MaxResults") !== undefined) {
    throw invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
  }
  let instances = region.instances;
  if (ids.length > 0) {
    const missing = ids.filter((id) => !instances.some((instance) => instance.instanceId === id));
    if (missing.length > 0) {
      throw new Ec2Error("InvalidInstanceID.NotFound", `The instance IDs '${missing.join(", ")}' do not exist`, 400);
    }
    instances = instances.filter((instance) => ids.includes(instance.instanceId));
  }
  for (const filter of params.filters) instances = instances.filter((instance) => matchesFilter(instance, filter));

  const binding = `DescribeInstances|${region.name}|${JSON.stringify(params.filters)}|${ids.join(",")}`;
  const page = paginate(instances, params, binding, pageCap);

  // Consecutive instances of one reservation share a reservation item.
  const reservations: { reservationId: string; instances: FakeInstance[] }[] = [];
  for (const instance of page.items) {
    const last = reservations.at(-1);
    if (last && last.reservationId === instance.reservationId) last.instances.push(instance);
    else reservations.push({ reservationId: instance.reservationId, instances: [instance] });
  }
  return (
    itemList(
      "reservationSet",
      reservations,
      (reservation) =>
        textElement("reservationId", reservation.reservationId) +
        textElement("ownerId", ownerId) +
        itemList("instancesSet", reservation.instances, renderInstance),
    ) + textElement("nextToken", page.nextToken)
  );
}
