import { detectKind } from './node-kind.ts';
import { isPlainObject, valueAt } from './schema-walk.ts';

/**
 * From a path in the model (what `compile()` reports) to the path where the same thing is
 * written in the YAML file. Most keys are the same; these are not: a node's name sits under
 * its kind key, `escalations` is written `escalate`, a timer's `wait.until` is `until`, an
 * action's `role` is `notify`/`reassign`, and texts written as plain strings have no `say:`
 * or `text:` key to point at.
 */

type Path = readonly (string | number)[];

const isText = (v: unknown): boolean => typeof v === 'string' || (isPlainObject(v) && Object.keys(v).every((k) => k === 'zh' || k === 'en'));

/** Maps a model path onto the path of the same token in the written file. */
export function surfacePath(modelPath: Path, data: unknown): Path {
  const out: (string | number)[] = [];
  const at = (): unknown => valueAt(data, out);
  for (let i = 0; i < modelPath.length; i++) {
    const seg = modelPath[i]!;
    const here = at();
    const parentKey = out[out.length - 1];
    if (out.length === 2 && out[0] === 'nodes' && seg === 'name' && isPlainObject(here)) {
      const guess = detectKind(here);
      out.push(guess.kind !== undefined && guess.form === 'key' ? guess.kind : 'name');
    } else if (out.length === 2 && out[0] === 'nodes' && seg === 'wait' && isPlainObject(here)) {
      const inner = modelPath[i + 1];
      out.push(inner === 'duration' || inner === undefined ? 'wait' : String(inner));
      i++;
    } else if (seg === 'node' && parentKey === 'assignment') out.push('sameAs');
    else if (seg === 'escalations') out.push('escalate');
    else if (seg === 'items' && parentKey === 'checklist' && isPlainObject(here) && typeof modelPath[i + 1] === 'number') {
      // Items from the `optional:` list come after those of `items:` in the model.
      const written = Array.isArray(here['items']) ? here['items'].length : 0;
      const index = modelPath[i + 1] as number;
      out.push(...(index < written ? ['items', index] : ['optional', index - written]));
      i++;
    }
    else if (seg === 'actions' && isPlainObject(here)) {
      if (here['do'] !== undefined) out.push('do', modelPath[i + 1] as number);
      i++;
    } else if ((seg === 'role' || seg === 'by') && isPlainObject(here) && ('notify' in here || 'reassign' in here || 'raisePriority' in here))
      out.push(seg === 'by' ? 'raisePriority' : 'notify' in here ? 'notify' : 'reassign');
    else if ((seg === 'fraction' || seg === 'before') && parentKey === 'warning') continue;
    else if ((seg === 'text' || seg === 'id' || seg === 'required') && isText(here)) continue;
    else if ((seg === 'say' || seg === 'label' || seg === 'value') && (isText(here) || typeof here === 'string')) continue;
    else out.push(seg);
  }
  return out;
}
