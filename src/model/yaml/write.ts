import { Document, isCollection, isMap, isScalar, isSeq, stringify, visit, type Node } from 'yaml';
import type { ProcessDefinition } from '../types.ts';
import { fromDefinition } from './from-definition.ts';

/**
 * The YAML text of a definition, laid out the way people write these files: short mappings and
 * lists on one line (`{ zh: 接车, en: Reception }`, `[S09, S30]`), longer ones as blocks, a blank
 * line between nodes. Layout is chosen by width rather than by key so every part looks alike.
 */

const FLOW_WIDTH = 88;

function hasMultilineText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\n');
  if (Array.isArray(value)) return value.some(hasMultilineText);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasMultilineText);
  return false;
}

/** Writes a definition as SOP YAML that `parseSop` reads back to an equal definition. */
export function toYaml(def: ProcessDefinition): string {
  const doc = new Document(fromDefinition(def));
  const nodes = isMap(doc.contents) ? doc.contents.get('nodes', true) : undefined;
  visit(doc, {
    Collection(_key, coll, path) {
      if (path.length <= 1 || (coll as unknown) === nodes) return undefined;
      const value = (coll as Node).toJSON();
      const depth = path.filter((p) => isCollection(p)).length;
      const width = stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: true }).trim().length + depth * 2;
      if (width <= FLOW_WIDTH && !hasMultilineText(value)) {
        coll.flow = true;
        return visit.SKIP;
      }
      return undefined;
    },
  });
  if (isSeq(nodes))
    nodes.items.forEach((item, i) => {
      if (i > 0 && (isMap(item) || isScalar(item))) item.spaceBefore = true;
    });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
