import { evaluate } from 'feelin';
import { EngineError } from './errors.ts';

/**
 * FEEL evaluation for conditions and expressions (the BPMN/DMN standard language, via feelin).
 *
 * feelin re-parses on every call (~0.1 ms). The simulator evaluates the same few conditions
 * millions of times, so the common shapes `name = "literal"`, `name = number`, and `name` /
 * `not(name)` are recognised once and compiled to plain JS; everything else goes to feelin.
 * The fast path is checked against feelin in feel.test.ts so the two never disagree.
 */
type Compiled = (ctx: Readonly<Record<string, unknown>>) => unknown;

const cache = new Map<string, Compiled>();

const SIMPLE_COMPARE = /^\s*([A-Za-z_][\w]*)\s*(=|!=|<=|>=|<|>)\s*(?:"([^"\\]*)"|(-?\d+(?:\.\d+)?)|(true|false))\s*$/;
const SIMPLE_NAME = /^\s*([A-Za-z_][\w]*)\s*$/;

function compileFast(expr: string): Compiled | undefined {
  const cmp = SIMPLE_COMPARE.exec(expr);
  if (cmp) {
    const [, name, op, str, num, bool] = cmp as unknown as [string, string, string, string | undefined, string | undefined, string | undefined];
    const lit: unknown = str !== undefined ? str : num !== undefined ? Number(num) : bool === 'true';
    const kind = typeof lit;
    const slow = compileSlow(expr);
    return (ctx) => {
      const v = ctx[name];
      // Mixed types and nulls are rare in SOP data: feelin decides those, so both paths agree.
      if (v === undefined || v === null || typeof v !== kind) return slow(ctx);
      switch (op) {
        case '=':
          return v === lit;
        case '!=':
          return v !== lit;
        default:
          if (kind === 'boolean') return slow(ctx);
          if (op === '<') return (v as number) < (lit as number);
          if (op === '>') return (v as number) > (lit as number);
          if (op === '<=') return (v as number) <= (lit as number);
          return (v as number) >= (lit as number);
      }
    };
  }
  const name = SIMPLE_NAME.exec(expr)?.[1];
  if (name !== undefined && !['true', 'false', 'null'].includes(name)) return (ctx) => (ctx[name] === undefined ? null : ctx[name]);
  return undefined;
}

function compileSlow(expr: string): Compiled {
  return (ctx) => {
    try {
      return evaluate(expr, ctx as Record<string, unknown>).value;
    } catch (e) {
      throw new EngineError('FEEL_ERROR', `cannot evaluate FEEL "${expr}": ${(e as Error).message}`);
    }
  };
}

/** Evaluates a FEEL expression over case data; unknown names are null, as FEEL says. */
export function feel(expr: string, ctx: Readonly<Record<string, unknown>>): unknown {
  let fn = cache.get(expr);
  if (fn === undefined) {
    fn = compileFast(expr) ?? compileSlow(expr);
    cache.set(expr, fn);
  }
  return fn(ctx);
}

/** Evaluates without the fast path (tests compare both). */
export function feelSlow(expr: string, ctx: Readonly<Record<string, unknown>>): unknown {
  return compileSlow(expr)(ctx);
}

/** A FEEL condition is true only when it evaluates to `true` (null and errors of type are false). */
export function feelTrue(expr: string, ctx: Readonly<Record<string, unknown>>): boolean {
  return feel(expr, ctx) === true;
}
