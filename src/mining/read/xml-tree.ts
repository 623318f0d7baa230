import { MiningError } from '../errors.ts';
import { expandEntities, XmlTextError } from './xml-text.ts';

/**
 * A small non-streaming XML parser into a tree, for PNML (models are kilobytes, so a tree is
 * the simple choice; event logs go through the streaming XES scanner instead). It checks
 * well-formedness (matching tags, quoted attributes, known entities) and reports line and column.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text directly inside the element (entities expanded, not trimmed). */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

interface Building {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
  column: number;
}

/** Parses a whole XML document; `file` only labels errors. */
export function parseXmlTree(source: string, file?: string): XmlElement {
  let pos = 0;
  const n = source.length;
  // Line/column by walking forward from the last position asked for (positions mostly grow).
  let cursor = 0;
  let cursorLine = 1;
  let cursorLineStart = 0;
  const where = (at: number): { line: number; column: number } => {
    if (at < cursor) {
      cursor = 0;
      cursorLine = 1;
      cursorLineStart = 0;
    }
    for (; cursor < at && cursor < n; cursor++) {
      if (source.charCodeAt(cursor) === 10) {
        cursorLine++;
        cursorLineStart = cursor + 1;
      }
    }
    return { line: cursorLine, column: at - cursorLineStart + 1 };
  };
  const fail = (message: string, at: number): never => {
    throw new MiningError('PNML_MALFORMED', message, { ...(file !== undefined ? { file } : {}), ...where(at) });
  };
  const text = (raw: string, at: number, attr: boolean): string => {
    try {
      return expandEntities(raw, at, attr);
    } catch (err) {
      if (err instanceof XmlTextError) return fail(err.message, err.at);
      throw err;
    }
  };
  const stack: Building[] = [];
  let root: XmlElement | null = null;
  if (source.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < n) {
    const lt = source.indexOf('<', pos);
    const chunk = source.slice(pos, lt < 0 ? n : lt);
    if (stack.length > 0) stack[stack.length - 1]!.text += text(chunk, pos, false);
    else if (chunk.trim() !== '') fail('text outside the root element', pos);
    if (lt < 0) break;
    if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt);
      if (end < 0) fail('unterminated processing instruction', lt);
      pos = end + 2;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt);
      if (end < 0) fail('unterminated comment', lt);
      pos = end + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt);
      if (end < 0) fail('unterminated CDATA section', lt);
      if (stack.length > 0) stack[stack.length - 1]!.text += source.slice(lt + 9, end);
      pos = end + 3;
    } else if (source.startsWith('<!', lt)) {
      const end = source.indexOf('>', lt);
      if (end < 0) fail('unterminated declaration', lt);
      pos = end + 1;
    } else if (source.charCodeAt(lt + 1) === 47) {
      const m = /^<\/([^\s>]+)\s*>/.exec(source.slice(lt, lt + 300));
      if (m === null) return fail('malformed closing tag', lt);
      const open = stack.pop();
      if (open === undefined) return fail(`unexpected closing tag </${m[1]}>`, lt);
      if (open.name !== m[1]) fail(`expected </${open.name}> but found </${m[1]}>`, lt);
      const done: XmlElement = open;
      if (stack.length > 0) stack[stack.length - 1]!.children.push(done);
      else root = done;
      pos = lt + m[0].length;
    } else {
      if (root !== null) fail('content after the root element', lt);
      const nameMatch = /^<([^\s/>]+)/.exec(source.slice(lt, lt + 300));
      if (nameMatch === null) return fail('expected an element name after "<"', lt);
      const at = where(lt);
      const el: Building = { name: nameMatch[1]!, attributes: {}, children: [], text: '', line: at.line, column: at.column };
      let q = lt + nameMatch[0].length;
      let selfClose = false;
      for (;;) {
        while (q < n && /\s/.test(source[q]!)) q++;
        if (q >= n) fail(`the input ends inside <${el.name}>`, lt);
        if (source[q] === '>') {
          q++;
          break;
        }
        if (source.startsWith('/>', q)) {
          selfClose = true;
          q += 2;
          break;
        }
        const attr = /^([^\s=/>]+)\s*=\s*(["'])/.exec(source.slice(q, q + 300));
        if (attr === null) return fail(`malformed attribute in <${el.name}>`, q);
        const vs = q + attr[0].length;
        const ve = source.indexOf(attr[2]!, vs);
        if (ve < 0) fail('unterminated attribute value', q);
        el.attributes[attr[1]!] = text(source.slice(vs, ve), vs, true);
        q = ve + 1;
      }
      pos = q;
      if (selfClose) {
        if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
        else root = el;
      } else {
        stack.push(el);
      }
    }
  }
  if (stack.length > 0) fail(`the input ends before <${stack[stack.length - 1]!.name}> is closed`, n);
  if (root === null) return fail('no root element', 0);
  return root;
}

/** The first child element with this (local) name, ignoring namespace prefixes. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => localName(c.name) === name);
}

/** All child elements with this (local) name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => localName(c.name) === name);
}

/** An element name without its namespace prefix. */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
