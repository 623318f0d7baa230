import { compile } from '../../model/compile.ts';
import type { CompiledProcess, HumanStep, ProcessDefinition, ProcessNode, TimeLimit } from '../../model/types.ts';

/** Builders that keep engine tests short: `proc('k', [human('a', 'advisor'), end('done')])`. */
export function proc(key: string, nodes: ProcessNode[], extra: Partial<ProcessDefinition> = {}): CompiledProcess {
  const roles = [...new Set(nodes.flatMap((n) => (n.kind === 'human' ? [n.role] : [])).concat(extra.roles?.map((r) => r.id) ?? []))];
  return compile({
    key,
    version: 1,
    name: { en: key },
    variables: [],
    ...extra,
    roles: roles.map((id) => ({ id, name: { en: id } })),
    nodes,
  });
}

export function human(id: string, role: string, extra: Partial<HumanStep> = {}): HumanStep {
  return { kind: 'human', id, name: { en: id }, role, assignment: { strategy: 'queue' }, ...extra };
}

export function end(id = 'end', outcome?: string): ProcessNode {
  return { kind: 'end', id, name: { en: id }, outcome };
}

export const minutes = (amount: number, basis: TimeLimit['basis'] = 'elapsed'): TimeLimit => ({ amount, unit: 'minutes', basis });
export const hours = (amount: number, basis: TimeLimit['basis'] = 'elapsed'): TimeLimit => ({ amount, unit: 'hours', basis });
export const days = (amount: number, basis: TimeLimit['basis'] = 'elapsed'): TimeLimit => ({ amount, unit: 'days', basis });
export const MIN = 60_000;
export const HOUR = 3_600_000;
