import type { GroupIdentifier, Instance, InstanceStateName, Reservation, Tag } from "@aws-sdk/client-ec2";

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

export class XmlReadError extends Error {
  constructor(message: string, at: number) {
    super(`DescribeInstances XML: ${message} (at offset ${at})`);
    this.name = "XmlReadError";
  }
}

/*
 * One pass over the body with indexOf, no tree: each open element gets a context from its parent's
 * context and its name, and only the leaves the audit reads are sliced out. Unknown elements (an
 * instance has dozens more on the real API) are skipped with their whole subtree.
 */
const enum At {
  Document,
  Response,
  ReservationSet,
  Reservation,
  InstancesSet,
  Instance,
  State,
  GroupSet,
  Group,
  TagSet,
  Tag,
  InterfaceSet,
  Interface,
  InterfaceGroupSet,
  InterfaceGroup,
  Skipped,
  // Leaves: their text is read when they close.
  RequestId,
  NextToken,
  ReservationId,
  OwnerId,
  InstanceId,
  InstanceType,
  StateCode,
  StateName,
  GroupId,
  GroupName,
  TagKey,
  TagValue,
  InterfaceId,
}

const FIRST_LEAF = At.RequestId;

/** Which context an element named `name` opens inside `parent`. */
function childContext(parent: At, name: string): At {
  switch (parent) {
    case At.Response:
      return name === "reservationSet"
        ? At.ReservationSet
        : name === "requestId"
          ? At.RequestId
          : name === "nextToken"
            ? At.NextToken
            : At.Skipped;
    case At.ReservationSet:
      return name === "item" ? At.Reservation : At.Skipped;
    case At.Reservation:
      return name === "instancesSet"
        ? At.InstancesSet
        : name === "reservationId"
          ? At.ReservationId
          : name === "ownerId"
            ? At.OwnerId
            : At.Skipped;
    case At.InstancesSet:
      return name === "item" ? At.Instance : At.Skipped;
    case At.Instance:
      switch (name) {
        case "instanceId":
          return At.InstanceId;
        case "instanceType":
          return At.InstanceType;
        case "instanceState":
          return At.State;
        case "groupSet":
          return At.GroupSet;
        case "tagSet":
          return At.TagSet;
        case "networkInterfaceSet":
          return At.InterfaceSet;
        default:
          return At.Skipped;
      }
    case At.State:
      return name === "code" ? At.StateCode : name === "name" ? At.StateName : At.Skipped;
    case At.GroupSet:
      return name === "item" ? At.Group : At.Skipped;
    case At.InterfaceGroupSet:
      return name === "item" ? At.InterfaceGroup : At.Skipped;
    case At.Group:
    case At.InterfaceGroup:
      return name === "groupId" ? At.GroupId : name === "groupName" ? At.GroupName : At.Skipped;
    case At.TagSet:
      return name === "item" ? At.Tag : At.Skipped;
    case At.Tag:
      return name === "key" ? At.TagKey : name === "value" ? At.TagValue : At.Skipped;
    case At.InterfaceSet:
      return name === "item" ? At.Interface : At.Skipped;
    case At.Interface:
      return name === "networkInterfaceId" ? At.InterfaceId : name === "groupSet" ? At.InterfaceGroupSet : At.Skipped;
    default:
      return At.Skipped;
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string, at: number): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g, (whole, hex, dec, named) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    const value = NAMED_ENTITIES[named as string];
    if (value === undefined) throw new XmlReadError(`unknown entity ${whole}`, at);
    return value;
  });
}

/** A leaf's content: entities decoded, CDATA sections as they are, comments dropped. */
function leafText(raw: string, at: number): string {
  if (!raw.includes("<")) return decodeEntities(raw, at);
  let text = "";
  let i = 0;
  while (i < raw.length) {
    const lt = raw.indexOf("<", i);
    if (lt === -1) {
      text += decodeEntities(raw.slice(i), at);
      break;
    }
    text += decodeEntities(raw.slice(i, lt), at);
    if (raw.startsWith("<![CDATA[", lt)) {
      const end = raw.indexOf("]]>", lt);
      if (end === -1) throw new XmlReadError("unclosed CDATA", at);
      text += raw.slice(lt + 9, end);
      i = end + 3;
    } else if (raw.startsWith("<!--", lt)) {
      const end = raw.indexOf("-->", lt);
      if (end === -1) throw new XmlReadError("unclosed comment", at);
      i = end + 3;
    } else {
      throw new XmlReadError("an element inside a text field", at + lt);
    }
  }
  return text;
}

function isNameEnd(code: number): boolean {
  // whitespace, '>' and '/'
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 62 || code === 47;
}

/** Reads a DescribeInstancesResponse body; throws XmlReadError on anything it does not expect. */
export function instancesPageFromXml(xml: string): InstancesPage {
  const page: InstancesPage = { Reservations: [] };
  const contexts: At[] = [At.Document];
  const nameStarts: number[] = [0];
  const nameEnds: number[] = [0];
  let textStart = 0;
  let sawRoot = false;

  let reservation: Reservation | undefined;
  let instance: Instance | undefined;
  let group: GroupIdentifier | undefined;
  let tag: Tag | undefined;
  let networkInterface: { NetworkInterfaceId?: string; Groups?: GroupIdentifier[] } | undefined;

  const open = (context: At, selfClosing: boolean) => {
    switch (context) {
      case At.Reservation:
        reservation = { Instances: [] };
        page.Reservations.push(reservation);
        break;
      case At.Instance:
        instance = { SecurityGroups: [], NetworkInterfaces: [] };
        reservation?.Instances?.push(instance);
        break;
      case At.State:
        if (instance) instance.State = {};
        break;
      case At.TagSet:
        if (instance) instance.Tags = [];
        break;
      case At.Group:
        group = {};
        instance?.SecurityGroups?.push(group);
        break;
      case At.Tag:
        tag = {};
        instance?.Tags?.push(tag);
        break;
      case At.Interface:
        networkInterface = { Groups: [] };
        instance?.NetworkInterfaces?.push(networkInterface);
        break;
      case At.InterfaceGroup:
        group = {};
        networkInterface?.Groups?.push(group);
        break;
    }
    if (selfClosing && context >= FIRST_LEAF) setLeaf(context, "");
  };

  const setLeaf = (context: At, text: string) => {
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
  };

  let i = 0;
  const end = xml.length;
  while (i < end) {
    const lt = xml.indexOf("<", i);
    if (lt === -1) break;
    const context = contexts[contexts.length - 1];
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      const close = xml.indexOf(">", lt);
      if (close === -1) throw new XmlReadError("unclosed closing tag", lt);
      const depth = contexts.length - 1;
      const openStart = nameStarts[depth];
      const length = nameEnds[depth] - openStart;
      let nameEnd = lt + 2;
      while (nameEnd < close && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd += 1;
      let same = depth > 0 && nameEnd - (lt + 2) === length;
      for (let k = 0; same && k < length; k++) same = xml.charCodeAt(openStart + k) === xml.charCodeAt(lt + 2 + k);
      if (!same) throw new XmlReadError("mismatched closing tag", lt);
      if (context >= FIRST_LEAF) setLeaf(context, leafText(xml.slice(textStart, lt), textStart));
      contexts.pop();
      nameStarts.pop();
      nameEnds.pop();
      i = close + 1;
      continue;
    }
    if (context >= FIRST_LEAF) {
      // CDATA or a comment inside a leaf: skip past it, the leaf's text is sliced when it closes.
      if (xml.startsWith("<![CDATA[", lt)) {
        const close = xml.indexOf("]]>", lt);
        if (close === -1) throw new XmlReadError("unclosed CDATA", lt);
        i = close + 3;
      } else if (xml.startsWith("<!--", lt)) {
        const close = xml.indexOf("-->", lt);
        if (close === -1) throw new XmlReadError("unclosed comment", lt);
        i = close + 3;
      } else throw new XmlReadError("an element inside a text field", lt);
      continue;
    }
    if (next === 63 /* ? */) {
      const close = xml.indexOf("?>", lt);
      if (close === -1) throw new XmlReadError("unclosed processing instruction", lt);
      i = close + 2;
      continue;
    }
    if (next === 33 /* ! */) {
      if (!xml.startsWith("<!--", lt)) throw new XmlReadError("DOCTYPE, CDATA and declarations are not expected here", lt);
      const close = xml.indexOf("-->", lt);
      if (close === -1) throw new XmlReadError("unclosed comment", lt);
      i = close + 3;
      continue;
    }
    let nameEnd = lt + 1;
    while (nameEnd < end && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd += 1;
    if (nameEnd === lt + 1) throw new XmlReadError("empty element name", lt);
    const close = xml.indexOf(">", nameEnd);
    if (close === -1) throw new XmlReadError("unclosed element", lt);
    const selfClosing = xml.charCodeAt(close - 1) === 47;
    let child: At;
    if (context === At.Document) {
      if (sawRoot) throw new XmlReadError("a second root element", lt);
      sawRoot = true;
      if (!xml.startsWith("DescribeInstancesResponse", lt + 1) || nameEnd - lt - 1 !== 25) {
        throw new XmlReadError(`the root element is not DescribeInstancesResponse`, lt);
      }
      child = At.Response;
    } else if (context === At.Skipped) {
      child = At.Skipped;
    } else {
      child = childContext(context, xml.slice(lt + 1, nameEnd));
    }
    open(child, selfClosing);
    if (!selfClosing) {
      contexts.push(child);
      nameStarts.push(lt + 1);
      nameEnds.push(nameEnd);
      textStart = close + 1;
    }
    i = close + 1;
  }
  if (contexts.length > 1) throw new XmlReadError("unclosed elements at the end of the body", end);
  if (!sawRoot) throw new XmlReadError("no root element", 0);
  return page;
}
