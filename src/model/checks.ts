import { checkFeelSyntax } from './feel-syntax.ts';
import type { ModelIssue } from './compile.ts';
import type { FormField, HumanStep, ProcessDefinition, SlaSpec, TimeLimit, VariableDef } from './types.ts';

/**
 * Checks of a definition that need no graph: unique ids inside lists, FEEL syntax, forms that
 * make sense, time limits that count forward, roles that exist. They live beside `compile()`
 * (which calls them) rather than in the YAML reader so that every reader — YAML, BPMN, the API —
 * gets the same verdict on the same definition.
 */

type Path = readonly (string | number)[];

function duplicates<T>(items: readonly T[], idOf: (t: T) => string, path: (i: number) => Path, what: string, issues: ModelIssue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const id = idOf(item);
    const first = seen.get(id);
    if (first !== undefined) issues.push({ path: path(i), message: `duplicate ${what} "${id}" (also item ${first + 1}); give each its own id` });
    else seen.set(id, i);
  });
}

function feel(expr: string, path: Path, what: string, issues: ModelIssue[]): void {
  const problem = checkFeelSyntax(expr);
  if (problem) issues.push({ path, message: `${what}: ${problem.message}`, offset: problem.offset });
}

function positive(t: TimeLimit, path: Path, what: string, issues: ModelIssue[], allowZero = false): void {
  if (!(t.amount > 0 || (allowZero && t.amount === 0))) issues.push({ path, message: `${what} must be longer than zero (it is ${t.amount} ${t.unit})` });
}

function checkSla(sla: SlaSpec, at: Path, roles: ReadonlySet<string>, issues: ModelIssue[]): void {
  if ('expression' in sla.due) feel(sla.due.expression, [...at, 'due', 'expression'], 'SLA due expression', issues);
  else positive(sla.due, [...at, 'due'], 'the SLA due time', issues);
  if (sla.warning && 'fraction' in sla.warning && !(sla.warning.fraction > 0 && sla.warning.fraction < 1))
    issues.push({ path: [...at, 'warning'], message: `a warning fraction must be between 0% and 100% (it is ${sla.warning.fraction * 100}%)` });
  if (sla.warning && 'before' in sla.warning) positive(sla.warning.before, [...at, 'warning'], 'the warning time', issues);
  (sla.escalations ?? []).forEach((e, i) => {
    if (e.after) positive(e.after, [...at, 'escalations', i, 'after'], 'an escalation delay', issues, true);
    if (e.actions.length === 0) issues.push({ path: [...at, 'escalations', i], message: 'an escalation needs at least one action (notify, reassign or raisePriority)' });
    e.actions.forEach((a, j) => {
      if (a.kind !== 'raisePriority' && !roles.has(a.role))
        issues.push({ path: [...at, 'escalations', i, 'actions', j, 'role'], message: `role "${a.role}" is not declared under roles (declared: ${[...roles].join(', ') || 'none'})` });
    });
  });
}

const WITH_OPTIONS = new Set<FormField['type']>(['select', 'multiSelect']);

function checkForm(form: readonly FormField[], at: Path, issues: ModelIssue[]): void {
  duplicates(form, (f) => f.id, (i) => [...at, i, 'id'], 'form field id', issues);
  form.forEach((f, i) => {
    if (WITH_OPTIONS.has(f.type) && (f.options ?? []).length === 0)
      issues.push({ path: [...at, i, 'options'], message: `a ${f.type} field needs options to choose from` });
    if (!WITH_OPTIONS.has(f.type) && f.options !== undefined)
      issues.push({ path: [...at, i, 'options'], message: `options are only for select and multiSelect fields; this one is ${f.type}` });
    if (f.options) duplicates(f.options, (o) => o.value, (j) => [...at, i, 'options', j], 'option value', issues);
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      issues.push({ path: [...at, i, 'min'], message: `min (${f.min}) is greater than max (${f.max})` });
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch (e) {
        issues.push({ path: [...at, i, 'pattern'], message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
  });
}

function checkHuman(n: HumanStep, at: Path, roles: ReadonlySet<string>, issues: ModelIssue[]): void {
  if (n.sla) checkSla(n.sla, [...at, 'sla'], roles, issues);
  if (n.checklist) {
    const items = n.checklist.items;
    duplicates(items, (c) => c.id, (i) => [...at, 'checklist', 'items', i, 'id'], 'checklist item id', issues);
    const total = items.reduce((acc, c) => acc + (c.weight ?? 1), 0);
    const min = n.checklist.pass.minScore;
    if (min !== undefined && min > total)
      issues.push({ path: [...at, 'checklist', 'pass', 'minScore'], message: `needs a score of ${min} but all items together weigh only ${total}` });
  }
  if (n.form) checkForm(n.form, [...at, 'form'], issues);
}

const TYPE_OF: Readonly<Record<VariableDef['type'], (v: unknown) => boolean>> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  datetime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  list: (v) => Array.isArray(v),
};

/** Checks a definition's parts that need no graph; `compile()` reports these with its own. */
export function checkDefinition(def: ProcessDefinition): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const roles = new Set(def.roles.map((r) => r.id));
  duplicates(def.roles, (r) => r.id, (i) => ['roles', i, 'id'], 'role id', issues);
  duplicates(def.variables, (v) => v.id, (i) => ['variables', i, 'id'], 'variable id', issues);
  def.variables.forEach((v, i) => {
    if (v.default !== undefined && !TYPE_OF[v.type](v.default))
      issues.push({ path: ['variables', i, 'default'], message: `the default ${JSON.stringify(v.default)} is not a ${v.type}` });
  });
  if (def.sla) checkSla(def.sla, ['sla'], roles, issues);
  def.nodes.forEach((n, i) => {
    const at: Path = ['nodes', i];
    switch (n.kind) {
      case 'human':
        checkHuman(n, at, roles, issues);
        return;
      case 'exclusive':
        n.branches.forEach((b, j) => feel(b.when, [...at, 'branches', j, 'when'], 'branch condition', issues));
        return;
      case 'parallel':
        if (n.to) duplicates(n.to, (t) => t, (j) => [...at, 'to', j], 'split target', issues);
        return;
      case 'timer':
        if ('duration' in n.wait) positive(n.wait.duration, [...at, 'wait', 'duration'], 'a wait', issues);
        else feel(n.wait.until, [...at, 'wait', 'until'], 'timer "until" expression', issues);
        return;
      case 'service': {
        if (n.request.body !== undefined) feel(n.request.body, [...at, 'request', 'body'], 'request body expression', issues);
        if (!(n.timeoutMs > 0)) issues.push({ path: [...at, 'timeoutMs'], message: 'timeoutMs must be more than 0' });
        if (!(Number.isInteger(n.retries) && n.retries >= 0)) issues.push({ path: [...at, 'retries'], message: 'retries must be a whole number, 0 or more' });
        const b = n.backoff;
        if (!(b.initialMs > 0 && b.factor >= 1 && b.maxMs >= b.initialMs))
          issues.push({ path: [...at, 'backoff'], message: 'backoff needs initialMs > 0, factor ≥ 1 and maxMs ≥ initialMs' });
        return;
      }
      case 'call':
        for (const [name, expr] of Object.entries(n.input ?? {})) feel(expr, [...at, 'input', name], `input "${name}"`, issues);
        return;
      default:
        return;
    }
  });
  return issues;
}
