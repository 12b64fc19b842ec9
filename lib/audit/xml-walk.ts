/**
 * One pass over an EC2 Query response body with indexOf, no tree: each open element gets a
 * context number from its parent's context and its name; elements the reader does not know
 * (SKIPPED) are passed over with their whole subtree, and only the leaves it asks for are sliced
 * out. Entities, CDATA, comments and processing instructions are understood; attributes are not
 * read (EC2 bodies carry only `xmlns`). Anything else throws XmlReadError.
 */

export class XmlReadError extends Error {
  constructor(message: string, at: number) {
    super(`${message} (at offset ${at})`);
    this.name = "XmlReadError";
  }
}

/** The context of an element the reader does not read, and of everything inside it. */
export const SKIPPED = -1;
/** The context above the root element. */
export const DOCUMENT = 0;

export interface XmlReader {
  /** The root element's name; any other root throws. */
  rootName: string;
  /** The root element's context. */
  rootContext: number;
  /**
   * The context of the element whose name is `xml.slice(nameStart, nameEnd)` inside one of
   * context `parent` (never SKIPPED); given as offsets so that no string is cut per element.
   */
  child(parent: number, xml: string, nameStart: number, nameEnd: number): number;
  /** True for contexts whose text is read (`leaf` is called when they close). */
  isLeaf(context: number): boolean;
  /** An element of a known context opens. */
  open(context: number): void;
  /** A leaf closes with its text (entities decoded, CDATA as it is). */
  leaf(context: number, text: string): void;
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

/** Text with its entities decoded (no CDATA, no markup); throws XmlReadError on an unknown entity. */
export const decodeXmlText = (text: string): string => decodeEntities(text, 0);

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

/** Element name to context, per parent context: a reader's table for `childContext`. */
export type ChildTable = Record<number, Record<string, number>>;

/**
 * `XmlReader.child` for a table: compares the names the parent can hold with the text in place
 * (a handful per parent), without cutting the name out.
 */
export function childContext(table: ChildTable): XmlReader["child"] {
  const candidates = new Map<number, [string, number][]>();
  for (const [parent, names] of Object.entries(table)) candidates.set(Number(parent), Object.entries(names));
  return (parent, xml, nameStart, nameEnd) => {
    const length = nameEnd - nameStart;
    for (const [name, context] of candidates.get(parent) ?? []) {
      if (name.length === length && xml.startsWith(name, nameStart)) return context;
    }
    return SKIPPED;
  };
}

function isNameEnd(code: number): boolean {
  // whitespace, '>' and '/'
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 62 || code === 47;
}

function skipPast(xml: string, needle: string, from: number, what: string): number {
  const at = xml.indexOf(needle, from);
  if (at === -1) throw new XmlReadError(`unclosed ${what}`, from);
  return at + needle.length;
}

export function walkXml(xml: string, reader: XmlReader): void {
  const contexts: number[] = [DOCUMENT];
  const nameStarts: number[] = [0];
  const nameEnds: number[] = [0];
  let textStart = 0;
  let sawRoot = false;
  let i = 0;
  const end = xml.length;

  while (i < end) {
    const lt = xml.indexOf("<", i);
    if (lt === -1) break;
    const context = contexts[contexts.length - 1];
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      const depth = contexts.length - 1;
      const openStart = nameStarts[depth];
      const length = nameEnds[depth] - openStart;
      // `</name>` right after the open name's length; else `</name  >` or a mismatch (slow path).
      let close = lt + 2 + length;
      let same = depth > 0;
      for (let k = 0; same && k < length; k++) same = xml.charCodeAt(openStart + k) === xml.charCodeAt(lt + 2 + k);
      if (same && xml.charCodeAt(close) !== 62 /* > */) {
        const after = xml.indexOf(">", close);
        same = after !== -1 && xml.slice(close, after).trim() === "";
        close = after;
      }
      if (!same) throw new XmlReadError("mismatched closing tag", lt);
      if (context !== SKIPPED && reader.isLeaf(context)) reader.leaf(context, leafText(xml.slice(textStart, lt), textStart));
      contexts.pop();
      nameStarts.pop();
      nameEnds.pop();
      i = close + 1;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      if (xml.startsWith("<!--", lt)) i = skipPast(xml, "-->", lt, "comment");
      else if (next === 63) i = skipPast(xml, "?>", lt, "processing instruction");
      else if (xml.startsWith("<![CDATA[", lt) && context !== DOCUMENT) i = skipPast(xml, "]]>", lt, "CDATA");
      else throw new XmlReadError("DOCTYPE and other declarations are not accepted", lt);
      continue;
    }
    if (context !== SKIPPED && reader.isLeaf(context)) throw new XmlReadError("an element inside a text field", lt);
    let nameEnd = lt + 1;
    while (nameEnd < end && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd += 1;
    if (nameEnd === lt + 1) throw new XmlReadError("empty element name", lt);
    const close = xml.indexOf(">", nameEnd);
    if (close === -1) throw new XmlReadError("unclosed element", lt);
    const selfClosing = xml.charCodeAt(close - 1) === 47;
    let child: number;
    if (context === DOCUMENT) {
      if (sawRoot) throw new XmlReadError("a second root element", lt);
      sawRoot = true;
      if (nameEnd - lt - 1 !== reader.rootName.length || !xml.startsWith(reader.rootName, lt + 1)) {
        throw new XmlReadError(`the root element is not ${reader.rootName}`, lt);
      }
      child = reader.rootContext;
    } else if (context === SKIPPED) {
      child = SKIPPED;
    } else {
      child = reader.child(context, xml, lt + 1, nameEnd);
    }
    if (child !== SKIPPED) {
      reader.open(child);
      if (selfClosing && reader.isLeaf(child)) reader.leaf(child, "");
    }
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
}
