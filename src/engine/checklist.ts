import type { Checklist } from '../model/types.ts';
import type { ChecklistOutcome } from './types.ts';

/**
 * Scores a checklist against its pass rule: every required item (when `allRequired`), at least
 * `minOptional` optional items (the five-star standard's "35 of 78"), and a weighted score.
 */
export function evaluateChecklist(list: Checklist, checked: Readonly<Record<string, boolean>>): ChecklistOutcome {
  const done: string[] = [];
  const missingRequired: string[] = [];
  let optionalChecked = 0;
  let score = 0;
  for (const item of list.items) {
    const ok = checked[item.id] === true;
    if (ok) {
      done.push(item.id);
      score += item.weight ?? 1;
      if (!item.required) optionalChecked++;
    } else if (item.required) missingRequired.push(item.id);
  }
  const rule = list.pass;
  const passed =
    (!rule.allRequired || missingRequired.length === 0) &&
    optionalChecked >= (rule.minOptional ?? 0) &&
    score >= (rule.minScore ?? 0);
  return { passed, checked: done, missingRequired, optionalChecked, score };
}

/** Ids in the submission that are not items of the checklist (a client bug worth reporting). */
export function unknownChecklistItems(list: Checklist, checked: Readonly<Record<string, boolean>>): string[] {
  const ids = new Set(list.items.map((i) => i.id));
  return Object.keys(checked).filter((k) => !ids.has(k));
}
