import { explicitNodes } from '../scenario/graph-edit.ts';
import type { CompiledProcess, HumanStep, ProcessDefinition, ProcessNode } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';
import type { Change } from '../scenario/schema.ts';

/**
 * Redesign candidates by the seeds' three methods (S07, 酒店业的服务流程优化):
 * - horizontal integration (水平工作整合): consecutive steps done by different posts merged into
 *   one post and one step — the one-stop desk where reception and cashier become one;
 * - vertical integration (垂直工作整合): an approval delegated to the front line, or dropped;
 * - optimal ordering (工作次序最佳化): independent steps run in parallel, or a check moved forward.
 * The candidates are only proposals; simulation (rank.ts) says which ones pay off.
 */
export type Method = 'horizontal' | 'vertical' | 'parallel' | 'reorder';

export interface Candidate {
  readonly id: string;
  readonly method: Method;
  readonly title: string;
  readonly rationale: string;
  readonly changes: readonly Change[];
  /** What the change costs that the simulation does not measure. */
  readonly caveats: readonly string[];
}

const APPROVAL = /approv|authori[sz]|sign.?off|审批|批准|审核|核准|签批|授权/i;
const SUPERVISOR = /manager|supervisor|director|lead|主管|经理|领导|店长/i;

const label = (n: ProcessNode): string => n.name.zh ?? n.name.en ?? n.id;

/** Variables a FEEL text mentions (rough: identifiers), to judge whether a step depends on another. */
function mentions(text: string | undefined, names: ReadonlySet<string>): boolean {
  if (text === undefined) return false;
  for (const m of text.matchAll(/[A-Za-z_\u4e00-\u9fa5][\w\u4e00-\u9fa5]*/g)) if (names.has(m[0])) return true;
  return false;
}

/** True when `b` needs nothing `a` produces: no form values of `a` in `b`'s conditions, not "same person as a", not both with the customer. */
function independent(a: HumanStep, b: HumanStep): boolean {
  if (b.assignment.strategy === 'sameAs' && b.assignment.node === a.id) return false;
  if (a.touchpoint && b.touchpoint) return false;
  const produced = new Set((a.form ?? []).map((f) => f.variable ?? f.id));
  produced.add(a.id); // `steps.<a>` in FEEL
  const texts = [b.sla && 'expression' in b.sla.due ? b.sla.due.expression : undefined];
  return !texts.some((t) => mentions(t, produced)) && !mentions(JSON.stringify(b.form ?? []), produced);
}

function roleName(def: ProcessDefinition, id: string): string {
  const r = def.roles.find((x) => x.id === id);
  return r ? (r.name.zh ?? r.name.en ?? id) : id;
}

/** Generates the redesign candidates of an SOP (with its parameters, for staff and costs). */
export function suggestCandidates(proc: CompiledProcess, params: SimulationParams): Candidate[] {
  const def = proc.definition;
  const nodes = explicitNodes(def);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: Candidate[] = [];
  const stepsOfRole = (role: string): number => nodes.filter((n) => n.kind === 'human' && n.role === role).length;

  for (const a of nodes) {
    if (a.kind !== 'human' || a.next === undefined) continue;
    const b = byId.get(a.next);
    if (!b || b.kind !== 'human') continue;
    const after = b.next !== undefined ? byId.get(b.next) : undefined;

    // Horizontal integration: two posts in a row become one post (one-stop service).
    if (a.role !== b.role) {
      const into = `${a.role}+${b.role}`;
      out.push({
        id: `merge:${a.id}+${b.id}`,
        method: 'horizontal',
        title: `One-stop: merge "${label(a)}" and "${label(b)}" into one step by one post (${roleName(def, a.role)} + ${roleName(def, b.role)})`,
        rationale: `The customer is handed from ${roleName(def, a.role)} to ${roleName(def, b.role)} between the two steps and queues twice; one cross-trained post does both at once and pools the two teams (${stepsOfRole(a.role) + stepsOfRole(b.role)} steps of theirs go to the merged post).`,
        changes: [
          { change: 'mergeRoles', roles: [a.role, b.role], into },
          { change: 'mergeSteps', steps: [a.id, b.id], role: into },
        ],
        caveats: [`${roleName(def, a.role)} and ${roleName(def, b.role)} must be trained for each other's work`, 'one post carries both duties: its standards and checklists need merging'],
      });
    }

    // Optimal ordering: independent neighbours at the same time, or a check moved forward.
    if (a.role !== b.role && independent(a, b)) {
      out.push({
        id: `parallel:${a.id}|${b.id}`,
        method: 'parallel',
        title: `Do "${label(a)}" and "${label(b)}" at the same time`,
        rationale: `"${label(b)}" does not need anything "${label(a)}" produces, and different posts do them: the case waits for the longer of the two instead of both.`,
        changes: [{ change: 'parallel', steps: [a.id, b.id] }],
        caveats: ['both posts must see the case at once (shared ticket or board)'],
      });
      if (after?.kind === 'exclusive')
        out.push({
          id: `reorder:${b.id}<${a.id}`,
          method: 'reorder',
          title: `Move "${label(b)}" before "${label(a)}" (decide first)`,
          rationale: `"${label(b)}" leads to a decision ("${label(after)}"); taken first, cases that end or divert there skip "${label(a)}".`,
          changes: [{ change: 'moveStep', step: b.id, before: a.id }],
          caveats: ['check that the decision really needs nothing from the step now after it'],
        });
    }
  }

  // Vertical integration: approvals handed to the front line, or dropped.
  nodes.forEach((n, i) => {
    if (n.kind !== 'human') return;
    const isApproval = APPROVAL.test(`${n.id} ${n.name.en ?? ''} ${n.name.zh ?? ''}`) || SUPERVISOR.test(`${n.role} ${roleName(def, n.role)}`);
    if (!isApproval) return;
    const before = nodes.slice(0, i).reverse().find((m): m is HumanStep => m.kind === 'human' && m.next === n.id && m.role !== n.role);
    if (before) {
      out.push({
        id: `delegate:${n.id}`,
        method: 'vertical',
        title: `Let ${roleName(def, before.role)} approve "${label(n)}" on the spot`,
        rationale: `"${label(n)}" waits for ${roleName(def, n.role)}; empowering the front line (分层授权) removes the hand-off and the wait for a supervisor.`,
        changes: [{ change: 'delegate', step: n.id, to: before.role }],
        caveats: ['needs a written authority limit for the front line', `${roleName(def, n.role)} moves from approving each case to auditing samples`],
      });
    }
    if (n.next !== undefined)
      out.push({
        id: `remove:${n.id}`,
        method: 'vertical',
        title: `Drop the approval "${label(n)}"`,
        rationale: `Every case waits for "${label(n)}"; where the approval rarely changes the outcome, a rule or an after-the-fact audit can replace it.`,
        changes: [{ change: 'removeStep', step: n.id }],
        caveats: ['control moves from each case to policy and audits: check the approval really rarely says no'],
      });
  });
  void params;
  return out;
}
