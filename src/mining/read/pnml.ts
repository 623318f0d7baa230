import { readFile } from 'node:fs/promises';
import { MiningError } from '../errors.ts';
import { validateNet, type AcceptingPetriNet, type Arc, type Marking, type Place, type Transition } from '../objects/petri-net.ts';
import { child, childrenNamed, localName, parseXmlTree, type XmlElement } from './xml-tree.ts';

/**
 * PNML (ISO/IEC 15909-2) place/transition nets as ProM and PM4Py write them: places with an
 * `initialMarking`, transitions whose `toolspecific activity="$invisible$"` marks them silent,
 * arcs with an optional `inscription` weight, and the final marking in the `finalmarkings`
 * extension. Nodes may sit in nested pages. Reset and inhibitor arcs are refused (replay
 * semantics for them are not defined here).
 */

/** Reads a PNML file. */
export async function readPnml(path: string): Promise<AcceptingPetriNet> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new MiningError('IO_ERROR', `cannot read ${path}: ${(err as Error).message}`, { file: path });
  }
  return parsePnml(bytes, path);
}

/** Parses PNML from a string or bytes (bytes honour an ISO-8859-1 declaration); `file` labels errors. */
export function parsePnml(input: string | Uint8Array, file?: string): AcceptingPetriNet {
  let source: string;
  if (typeof input === 'string') source = input;
  else {
    const head = Buffer.from(input.subarray(0, 200)).toString('latin1');
    const latin1 = /encoding\s*=\s*["'](iso-8859-1|latin-?1|windows-1252)["']/i.test(head);
    source = Buffer.from(input).toString(latin1 ? 'latin1' : 'utf8');
  }
  const root = parseXmlTree(source, file);
  const fail = (message: string, el: XmlElement): never => {
    throw new MiningError('PNML_MALFORMED', message, { ...(file !== undefined ? { file } : {}), line: el.line, column: el.column });
  };
  const netEl = localName(root.name) === 'net' ? root : child(root, 'net');
  if (netEl === undefined) return fail(`no <net> element (root is <${root.name}>)`, root);

  const places: Place[] = [];
  const transitions: Transition[] = [];
  const arcs: { el: XmlElement; source: string; target: string; weight: number }[] = [];
  const initial: Record<string, number> = {};
  const nameOf = (el: XmlElement): string | undefined => {
    const nameEl = child(el, 'name');
    const t = nameEl === undefined ? undefined : child(nameEl, 'text');
    return t?.text.trim();
  };
  const count = (el: XmlElement, what: string): number => {
    const raw = (child(el, 'text')?.text ?? el.text).trim();
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < 0) return fail(`${what} "${raw}" is not a non-negative integer`, el);
    return n;
  };
  const idOf = (el: XmlElement): string => el.attributes['id'] ?? fail(`<${el.name}> has no id`, el);
  const visit = (container: XmlElement): void => {
    for (const el of container.children) {
      switch (localName(el.name)) {
        case 'page':
          visit(el);
          break;
        case 'place': {
          const id = idOf(el);
          places.push({ kind: 'place', id, name: nameOf(el) ?? id });
          const im = child(el, 'initialMarking');
          if (im !== undefined) {
            const tokens = count(im, 'initial marking');
            if (tokens > 0) initial[id] = tokens;
          }
          break;
        }
        case 'transition': {
          const id = idOf(el);
          const name = nameOf(el);
          // ProM's convention for silent transitions; a transition without a name is labelled
          // with its id, as PM4Py's importer does, so both count the same visible transitions.
          const silent = childrenNamed(el, 'toolspecific').some((ts) => ts.attributes['activity'] === '$invisible$');
          transitions.push({ kind: 'transition', id, name: name ?? id, label: silent ? null : (name ?? id) });
          break;
        }
        case 'arc': {
          const source = el.attributes['source'] ?? fail('<arc> has no source', el);
          const target = el.attributes['target'] ?? fail('<arc> has no target', el);
          const type = child(el, 'arctype');
          const typeText = type === undefined ? 'normal' : (child(type, 'text')?.text ?? type.text).trim();
          if (typeText !== '' && typeText !== 'normal') fail(`arc type "${typeText}" is not supported (only normal arcs)`, el);
          const ins = child(el, 'inscription');
          arcs.push({ el, source, target, weight: ins === undefined ? 1 : count(ins, 'arc weight') });
          break;
        }
        default:
          break;
      }
    }
  };
  visit(netEl);

  const placeIds = new Set(places.map((p) => p.id));
  const transitionIds = new Set(transitions.map((t) => t.id));
  const netArcs: Arc[] = arcs.map(({ el, source, target, weight }) => {
    if (placeIds.has(source) && transitionIds.has(target)) return { kind: 'place-to-transition', place: source, transition: target, weight };
    if (transitionIds.has(source) && placeIds.has(target)) return { kind: 'transition-to-place', transition: source, place: target, weight };
    return fail(`arc ${source} → ${target} must join a place and a transition of this net`, el);
  });
  const final: Record<string, number> = {};
  const finals = child(netEl, 'finalmarkings');
  const marking = finals === undefined ? undefined : child(finals, 'marking');
  if (marking !== undefined) {
    for (const p of childrenNamed(marking, 'place')) {
      const id = p.attributes['idref'] ?? fail('<place> in the final marking has no idref', p);
      if (!placeIds.has(id)) fail(`final marking names unknown place "${id}"`, p);
      const tokens = count(p, 'final marking');
      if (tokens > 0) final[id] = tokens;
    }
  }
  const an: AcceptingPetriNet = {
    net: { name: nameOf(netEl) ?? netEl.attributes['id'] ?? 'net', places, transitions, arcs: netArcs },
    initialMarking: initial as Marking,
    finalMarking: final as Marking,
  };
  validateNet(an);
  return an;
}
