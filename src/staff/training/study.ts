import type { ChecklistItem, CompiledProcess, FormField, HumanStep, LocalizedText, ProcessDefinition, ScriptLine, TimeLimit } from '../../model/types.ts';

/**
 * The study page of a role: the steps of an SOP it performs, in the order written, with what
 * each asks of the person — its standards (checklist items), the script to say, the form to
 * fill, its time limit and any certificate. Built from the SOP itself, so a new version of the
 * SOP is a new study page with no separate training material to keep in step.
 */

export interface StudyStep {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText | null;
  readonly touchpoint: boolean;
  readonly certificate: string | null;
  /** "2 h", "3 working days"… or the FEEL expression; null = no limit. */
  readonly timeLimit: string | null;
  /** The same limit as numbers, for pages that word it in the reader's language; null for none or an expression. */
  readonly due: TimeLimit | null;
  readonly standards: readonly ChecklistItem[];
  readonly script: readonly ScriptLine[];
  readonly form: readonly { readonly id: string; readonly label: LocalizedText; readonly type: FormField['type']; readonly required: boolean }[];
}

export interface StudyGuide {
  readonly processKey: string;
  readonly version: number;
  readonly processName: LocalizedText;
  readonly role: string;
  readonly roleName: LocalizedText;
  readonly steps: readonly StudyStep[];
}

/** Human steps of a role, in the order the SOP lists them. */
export function roleSteps(def: ProcessDefinition, role: string): HumanStep[] {
  return def.nodes.filter((n): n is HumanStep => n.kind === 'human' && n.role === role);
}

function timeLimit(s: HumanStep): string | null {
  const due = s.sla?.due;
  if (due === undefined) return null;
  if ('expression' in due) return due.expression;
  return `${due.amount} ${due.basis === 'working' ? 'working ' : ''}${due.unit}`;
}

export class UnknownRoleError extends Error {
  constructor(
    readonly role: string,
    readonly roles: readonly string[],
  ) {
    super(`"${role}" is not a role of this SOP; its roles are ${roles.join(', ')}`);
  }
}

export function studyGuide(proc: CompiledProcess, role: string): StudyGuide {
  const def = proc.definition;
  const r = def.roles.find((x) => x.id === role);
  if (r === undefined) throw new UnknownRoleError(role, def.roles.map((x) => x.id));
  return {
    processKey: def.key,
    version: def.version,
    processName: def.name,
    role,
    roleName: r.name,
    steps: roleSteps(def, role).map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description ?? null,
      touchpoint: s.touchpoint ?? false,
      certificate: s.certificate ?? null,
      timeLimit: timeLimit(s),
      due: s.sla?.due !== undefined && !('expression' in s.sla.due) ? s.sla.due : null,
      standards: s.checklist?.items ?? [],
      script: s.script ?? [],
      form: (s.form ?? []).map((f) => ({ id: f.id, label: f.label, type: f.type, required: f.required })),
    })),
  };
}
