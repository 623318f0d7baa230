import type { LocalizedText } from '../../../src/model/types.ts';
import servflowDescriptor from '../../../src/model/bpmn/servflow-moddle.json' with { type: 'json' };

/**
 * servflow's BPMN extension elements (`servflow:node`, `servflow:process`; the descriptor is
 * the model's own, src/model/bpmn/servflow-moddle.json) read and written on bpmn-js business
 * objects. The designer's settings panel edits them in place; saveXML then carries them.
 */

export const moddleExtensions = { servflow: servflowDescriptor };

/** A bpmn-js business object or moddle element (dynamic by nature). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Bo = any;

export interface Moddle {
  create(type: string, attrs?: Record<string, unknown>): Bo;
}

export const HUMAN_TYPES = new Set(['bpmn:UserTask', 'bpmn:ManualTask', 'bpmn:Task']);

/** The servflow extension of a type on an element; created (empty) when `create` is given. */
export function ext(bo: Bo, type: 'servflow:Node' | 'servflow:Process', create?: Moddle): Bo {
  const values: Bo[] = bo?.extensionElements?.values ?? [];
  const found = values.find((v) => v.$type === type);
  if (found || !create) return found;
  if (!bo.extensionElements) bo.extensionElements = create.create('bpmn:ExtensionElements', { values: [] });
  const made = create.create(type, {});
  made.$parent = bo.extensionElements;
  bo.extensionElements.values = [...(bo.extensionElements.values ?? []), made];
  return made;
}

/** `{ zh, en }` of a servflow text element. */
export function textOf(t: Bo): LocalizedText | undefined {
  if (!t) return undefined;
  return { ...(t.zh ? { zh: t.zh as string } : {}), ...(t.en ? { en: t.en as string } : {}) };
}

/** A servflow text element of `type` with one language set, keeping the other. */
export function withText(moddle: Moddle, type: string, old: Bo, lang: 'zh' | 'en', value: string): Bo {
  const next = { ...(old?.zh ? { zh: old.zh } : {}), ...(old?.en ? { en: old.en } : {}), [lang]: value === '' ? undefined : value };
  return moddle.create(type, next);
}

/** The process's declared roles (id and name), from servflow:process. */
export function rolesOf(process: Bo): { id: string; name?: LocalizedText }[] {
  const p = ext(process, 'servflow:Process');
  return ((p?.roles ?? []) as Bo[]).map((r) => ({ id: r.roleId as string, name: textOf(r.name) }));
}
