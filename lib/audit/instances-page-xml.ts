import type { GroupIdentifier, Instance, InstanceStateName, Reservation, Tag } from "@aws-sdk/client-ec2";
import { childContext, decodeXmlText, walkXml, type ChildTable, type XmlReader } from "./xml-walk";

export { XmlReadError } from "./xml-walk";

/**
 * The part of a DescribeInstances response the audit reads, in the SDK's own output shapes:
 * reservations with their instances' id, type, state, security groups, tags and network
 * interfaces (with their groups), and the next page's token. Other instance fields are skipped.
 */
export interface InstancesPage {
  Reservations: Reservation[];
  NextToken?: string;
  /** The response's requestId element. */
  requestId?: string;
}

const At = {
  Response: 1,
  ReservationSet: 2,
  Reservation: 3,
  InstancesSet: 4,
  Instance: 5,
  State: 6,
  GroupSet: 7,
  Group: 8,
  TagSet: 9,
  Tag: 10,
  InterfaceSet: 11,
  Interface: 12,
  InterfaceGroupSet: 13,
  InterfaceGroup: 14,
  // Leaves, whose text is read.
  RequestId: 100,
  NextToken: 101,
  ReservationId: 102,
  OwnerId: 103,
  InstanceId: 104,
  InstanceType: 105,
  StateCode: 106,
  StateName: 107,
  GroupId: 108,
  GroupName: 109,
  TagKey: 110,
  TagValue: 111,
  InterfaceId: 112,
} as const;

/** Element name to context, per parent context. */
const CHILDREN: ChildTable = {
  [At.Response]: { reservationSet: At.ReservationSet, requestId: At.RequestId, nextToken: At.NextToken },
  [At.ReservationSet]: { item: At.Reservation },
  [At.Reservation]: { instancesSet: At.InstancesSet, reservationId: At.ReservationId, ownerId: At.OwnerId },
  [At.InstancesSet]: { item: At.Instance },
  [At.Instance]: {
    instanceId: At.InstanceId,
    instanceType: At.InstanceType,
    instanceState: At.State,
    groupSet: At.GroupSet,
    tagSet: At.TagSet,
    networkInterfaceSet: At.InterfaceSet,
  },
  [At.State]: { code: At.StateCode, name: At.StateName },
  [At.GroupSet]: { item: At.Group },
  [At.Group]: { groupId: At.GroupId, groupName: At.GroupName },
  [At.TagSet]: { item: At.Tag },
  [At.Tag]: { key: At.TagKey, value: At.TagValue },
  [At.InterfaceSet]: { item: At.Interface },
  [At.Interface]: { networkInterfaceId: At.InterfaceId, groupSet: At.InterfaceGroupSet },
  [At.InterfaceGroupSet]: { item: At.InterfaceGroup },
  [At.InterfaceGroup]: { groupId: At.GroupId, groupName: At.GroupName },
};
const childOf = childContext(CHILDREN);

/**
 * The list with the item at its end. A list's first item makes a new one-item array: pushing onto
 * an empty array reserves room for 17, and a page of 1,000 instances holds five such lists each.
 */
function appended<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined || list.length === 0) return [item];
  list.push(item);
  return list;
}

/**
 * Reads a DescribeInstancesResponse body in one pass (lib/audit/xml-walk.ts); throws
 * XmlReadError on anything it does not expect. Unknown elements (an instance has dozens more on
 * the real API) are skipped with their whole subtree.
 */
export function instancesPageFromXml(xml: string): InstancesPage {
  const page: InstancesPage = { Reservations: [] };
  let reservation: Reservation | undefined;
  let instance: Instance | undefined;
  let group: GroupIdentifier | undefined;
  let tag: Tag | undefined;
  let networkInterface: { NetworkInterfaceId?: string; Groups?: GroupIdentifier[] } | undefined;

  const reader: XmlReader = {
    rootName: "DescribeInstancesResponse",
    rootContext: At.Response,
    child: childOf,
    isLeaf: (context) => context >= At.RequestId,
    open(context) {
      switch (context) {
        case At.Reservation:
          reservation = {};
          page.Reservations.push(reservation);
          break;
        case At.InstancesSet:
          if (reservation) reservation.Instances = [];
          break;
        case At.Instance:
          instance = {};
          if (reservation) reservation.Instances = appended(reservation.Instances, instance);
          break;
        case At.State:
          if (instance) instance.State = {};
          break;
        case At.GroupSet:
          if (instance) instance.SecurityGroups = [];
          break;
        case At.TagSet:
          // Like the SDK: no tagSet element, no Tags.
          if (instance) instance.Tags = [];
          break;
        case At.InterfaceSet:
          if (instance) instance.NetworkInterfaces = [];
          break;
        case At.Group:
          group = {};
          if (instance) instance.SecurityGroups = appended(instance.SecurityGroups, group);
          break;
        case At.Tag:
          tag = {};
          if (instance) instance.Tags = appended(instance.Tags, tag);
          break;
        case At.Interface:
          networkInterface = {};
          if (instance) instance.NetworkInterfaces = appended(instance.NetworkInterfaces, networkInterface);
          break;
        case At.InterfaceGroupSet:
          if (networkInterface) networkInterface.Groups = [];
          break;
        case At.InterfaceGroup:
          group = {};
          if (networkInterface) networkInterface.Groups = appended(networkInterface.Groups, group);
          break;
      }
    },
    leaf(context, text) {
      switch (context) {
        case At.RequestId:
          page.requestId = text;
          break;
        case At.NextToken:
          if (text) page.NextToken = text;
          break;
        case At.ReservationId:
          if (reservation) reservation.ReservationId = text;
          break;
        case At.OwnerId:
          if (reservation) reservation.OwnerId = text;
          break;
        case At.InstanceId:
          if (instance) instance.InstanceId = text;
          break;
        case At.InstanceType:
          if (instance) instance.InstanceType = text as Instance["InstanceType"];
          break;
        case At.StateCode:
          if (instance?.State) instance.State.Code = Number(text);
          break;
        case At.StateName:
          if (instance?.State) instance.State.Name = text as InstanceStateName;
          break;
        case At.GroupId:
          if (group) group.GroupId = text;
          break;
        case At.GroupName:
          if (group) group.GroupName = text;
          break;
        case At.TagKey:
          if (tag) tag.Key = text;
          break;
        case At.TagValue:
          if (tag) tag.Value = text;
          break;
        case At.InterfaceId:
          if (networkInterface) networkInterface.NetworkInterfaceId = text;
          break;
      }
    },
  };
  walkXml(xml, reader);
  return page;
}

const TRAILING_NEXT_TOKEN = /<nextToken>([^<]+)<\/nextToken>\s*<\/DescribeInstancesResponse>\s*$/;
const INSTANCE_ID = /<instanceId>([^<]*)<\/instanceId>/g;

/**
 * For a page that has a next one: its nextToken and only its instances' ids, found without reading
 * the page (a scan that pages the region in slices reads these instances there). Undefined for a
 * last page, or a body whose nextToken is not where EC2 puts it (the end): read those in full.
 */
export function instanceIdsIfPaged(xml: string): InstancesPage | undefined {
  const tail = TRAILING_NEXT_TOKEN.exec(xml.slice(-4096));
  if (!tail) return undefined;
  const ids = Array.from(xml.matchAll(INSTANCE_ID), (match) => match[1]);
  const requestId = /<requestId>([^<]*)<\/requestId>/.exec(xml.slice(0, 4096))?.[1];
  return {
    Reservations: [{ Instances: ids.map((id) => ({ InstanceId: decodeXmlText(id) })) }],
    NextToken: decodeXmlText(tail[1]),
    ...(requestId ? { requestId } : {}),
  };
}
