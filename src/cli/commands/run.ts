import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { EngineError } from '../../engine/index.ts';
import { MemoryRunner } from '../../engine/testing/memory-runner.ts';
import { compile, loadSopFile, parseTimeLimit } from '../../model/index.ts';
import { limitMs } from '../../engine/calendar-clock.ts';
import type { FormField, HumanStep, LocalizedText } from '../../model/types.ts';

/**
 * `servflow run FILE`: a manager tries an SOP in the terminal. The case runs in memory on the
 * real engine with a clock the user moves (`wait 48h`), so timers and SLA escalations can be
 * seen without waiting. Nothing is stored.
 */
export interface RunIo {
  readonly input: Readable;
  readonly output: Writable;
  readonly now?: number;
}

const text = (t: LocalizedText | undefined): string => (t ? (t.zh && t.en ? `${t.zh} / ${t.en}` : (t.zh ?? t.en ?? '')) : '');

function fmt(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function parseValue(f: FormField, raw: string): unknown {
  const s = raw.trim();
  if (s === '') return undefined;
  switch (f.type) {
    case 'number':
    case 'integer':
    case 'money':
      return Number(s);
    case 'boolean':
      return /^(y|yes|true|是|1)$/i.test(s);
    case 'multiSelect':
      return s.split(',').map((x) => x.trim());
    default:
      return s;
  }
}

/** Runs the interactive walk; returns the exit code. */
export async function run(argv: string[], io: RunIo = { input: process.stdin, output: process.stdout }): Promise<number> {
  const file = argv[0];
  const out = (s: string) => io.output.write(`${s}\n`);
  if (!file) {
    out('usage: servflow run FILE.yaml [--data JSON]');
    return 2;
  }
  const dataArg = argv.indexOf('--data');
  const def = await loadSopFile(file);
  const proc = compile(def);
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (q: string): Promise<string | undefined> => {
    io.output.write(q);
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };

  const data: Record<string, unknown> = dataArg >= 0 ? JSON.parse(argv[dataArg + 1] ?? '{}') : {};
  for (const v of def.variables) {
    if (data[v.id] !== undefined || !v.required) continue;
    const a = await ask(`${text(v.label) || v.id} (${v.type})? `);
    if (a === undefined) return 1;
    data[v.id] = v.type === 'number' ? Number(a) : v.type === 'boolean' ? /^(y|yes|true|是)$/i.test(a) : a;
  }

  const runner = new MemoryRunner({ processes: [proc], now: io.now ?? Date.now() });
  let caseId: string;
  try {
    caseId = runner.start(def.key, data);
  } catch (e) {
    out(`cannot start: ${(e as Error).message}`);
    return 1;
  }
  out(`${text(def.name)} (${def.key} v${def.version}) — case ${caseId} started ${fmt(runner.now)}`);
  out('commands: <n> complete task n · claim <n> · wait <duration> (e.g. 48h, 2 days) · data · log · quit');
  let shownEvents = 0;

  for (;;) {
    for (const e of runner.events.slice(shownEvents)) {
      if (e.scope === 'sla') out(`  ⚠ ${fmt(e.at)} SLA ${e.lifecycle} on ${e.activity}`);
    }
    shownEvents = runner.events.length;
    const c = runner.cases.get(caseId)!;
    if (c.status !== 'active') {
      out(`case ${c.status}${c.outcome ? ` (${c.outcome})` : ''} at ${fmt(c.endedAt ?? runner.now)}`);
      rl.close();
      return 0;
    }
    const open = runner.openTasks(caseId);
    out(`\n${fmt(runner.now)} — open tasks:`);
    if (open.length === 0) {
      const next = runner.pendingJobs()[0];
      out(next ? `  (none; waiting until ${fmt(next.dueAt)} — type "wait" to jump there)` : '  (none)');
    }
    open.forEach((t, i) => {
      const n = proc.nodes[t.node] as HumanStep;
      const due = t.sla ? ` due ${fmt(t.sla.dueAt)} [${t.sla.state}]` : '';
      out(`  ${i + 1}) ${text(n.name)} — ${t.role}${t.assignee ? ` (${t.assignee})` : ''}${due}`);
    });
    const answer = await ask('> ');
    if (answer === undefined || /^(q|quit|exit)$/i.test(answer.trim())) {
      rl.close();
      return 0;
    }
    const [verb, ...args] = answer.trim().split(/\s+/);
    try {
      if (verb === 'wait') {
        const next = runner.pendingJobs()[0];
        if (args.length === 0 && next) runner.advanceTo(next.dueAt);
        else runner.advance(limitMs(parseTimeLimit(args.join(' '))));
      } else if (verb === 'data') out(JSON.stringify(runner.cases.get(caseId)!.data, null, 2));
      else if (verb === 'log')
        for (const e of runner.events.filter((x) => x.caseId === caseId)) out(`  ${fmt(e.at)} ${e.scope} ${e.activity} ${e.lifecycle}${e.resource ? ` by ${e.resource}` : ''}`);
      else if (verb === 'claim') {
        const t = open[Number(args[0]) - 1];
        if (!t) out('no such task');
        else runner.send(caseId, { type: 'claim', taskId: t.id, by: 'me' });
      } else if (verb !== undefined && /^\d+$/.test(verb)) {
        const t = open[Number(verb) - 1];
        if (!t) {
          out('no such task');
          continue;
        }
        const node = proc.nodes[t.node] as HumanStep;
        for (const line of node.script ?? []) out(`  话术: ${text(line.say)}`);
        const form: Record<string, unknown> = {};
        for (const f of node.form ?? []) {
          const a = await ask(`  ${text(f.label)} (${f.type}${f.required ? ', required' : ''})? `);
          if (a === undefined) return 1;
          const v = parseValue(f, a);
          if (v !== undefined) form[f.id] = v;
        }
        const checklist: Record<string, boolean> = {};
        if (node.checklist) {
          const a = await ask(`  checklist (${node.checklist.items.length} items) — "all", "none" or item ids done, comma-separated? `);
          if (a === undefined) return 1;
          const ids = a.trim() === 'all' ? node.checklist.items.map((x) => x.id) : a.trim() === 'none' ? [] : a.split(',').map((x) => x.trim());
          for (const id of ids) checklist[id] = true;
        }
        runner.send(caseId, { type: 'complete', taskId: t.id, by: t.assignee ?? 'me', form, checklist: node.checklist ? checklist : undefined });
        out(`  ✓ ${text(node.name)}`);
      } else out('commands: <n> · claim <n> · wait [duration] · data · log · quit');
    } catch (e) {
      if (e instanceof EngineError) {
        out(`  ✗ ${e.message}`);
        for (const i of e.issues) out(`    - ${i.field}: ${i.message}`);
      } else out(`  ✗ ${(e as Error).message}`);
    }
  }
}
