/**
 * A small XML writer for the ODM export: elements as plain trees, rendered to indented text a subject at a time,
 * so that a file of 100,000 participants is written in pieces and never held whole. Escaping follows XML 1.0:
 * `&`, `<`, `>` (and in attributes `"` and `'`) as entities, and characters XML 1.0 forbids (control characters other than tab,
 * line feed and carriage return; lone surrogates; U+FFFE, U+FFFF) dropped, since no file may carry them.
 */

/** Characters XML 1.0 does not allow anywhere in a document. */
const forbidden =
  // eslint-disable-next-line no-control-regex -- the control characters are exactly what it matches
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters XML 1.0 forbids. */
export function xmlSafe(text: string): string {
  return text.replace(forbidden, '');
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text content, escaped: `&`, `<` and `>` (quotes need no escape outside attributes and are kept readable). */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (c) => entities[c]!);
}

/**
 * An attribute value, escaped; tab, line feed and carriage return as character references, since a parser
 * would otherwise normalise them to spaces.
 */
export function escapeAttribute(text: string): string {
  return xmlSafe(text)
    .replace(/[&<>"']/g, (c) => entities[c]!)
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type Attributes = Readonly<Record<string, string | number | undefined | null>>;

/** An element: its name (with prefix), attributes (undefined and null ones left out), and children. */
export interface XmlElement {
  name: string;
  attributes: Attributes;
  children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

/** `el('ItemData', {ItemOID: 'I.x'}, child, ...)`; a `false`, `null` or `undefined` child is left out. */
export function el(
  name: string,
  attributes: Attributes = {},
  ...children: (XmlNode | XmlNode[] | false | null | undefined)[]
): XmlElement {
  const kept: XmlNode[] = [];
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (Array.isArray(child)) kept.push(...child);
    else kept.push(child);
  }
  return { name, attributes, children: kept };
}

/** An element that holds only text (`<TranslatedText xml:lang="en">…</TranslatedText>`). */
export function textEl(name: string, text: string, attributes: Attributes = {}): XmlElement {
  return { name, attributes, children: [text] };
}

function attributesText(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    out += ` ${name}="${escapeAttribute(String(value))}"`;
  }
  return out;
}

/** The start tag of an element whose content is written separately (the document, a ClinicalData). */
export function startTag(name: string, attributes: Attributes = {}): string {
  return `<${name}${attributesText(attributes)}>`;
}

export function endTag(name: string): string {
  return `</${name}>`;
}

/**
 * An element as indented text, one element per line starting at `depth` (two spaces a level), ending with a line
 * break. Text is written inline: mixed content does not occur in ODM.
 */
export function render(node: XmlElement, depth = 0): string {
  const parts: string[] = [];
  renderInto(node, depth, parts);
  return parts.join('');
}

function renderInto(node: XmlElement, depth: number, parts: string[]): void {
  const indent = '  '.repeat(depth);
  const open = `${indent}<${node.name}${attributesText(node.attributes)}`;
  if (node.children.length === 0) {
    parts.push(`${open}/>\n`);
    return;
  }
  const texts = node.children.filter((child) => typeof child === 'string');
  if (texts.length === node.children.length) {
    parts.push(`${open}>${texts.map(escapeText).join('')}</${node.name}>\n`);
    return;
  }
  parts.push(`${open}>\n`);
  for (const child of node.children) {
    if (typeof child === 'string') parts.push(`${indent}  ${escapeText(child)}\n`);
    else renderInto(child, depth + 1, parts);
  }
  parts.push(`${indent}</${node.name}>\n`);
}

/** The XML declaration. */
export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
