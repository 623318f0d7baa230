import { SimulationError } from '../errors.ts';
import { compileSampler } from '../random/sample.ts';
import { unitMs } from '../random/distribution.ts';
import type { DataGenerator } from '../params.ts';
import type { FormField } from '../../model/types.ts';
import type { Xoshiro128 } from '../random/xoshiro.ts';

/** Draws one value of generated case or form data. */
export type ValueSampler = (rng: Xoshiro128) => unknown;

/** Compiles a data generator (see params.ts). */
export function compileGenerator(name: string, g: DataGenerator): ValueSampler {
  switch (g.kind) {
    case 'constant': {
      const v = g.value;
      return () => v;
    }
    case 'boolean': {
      const p = g.p;
      return (rng) => rng.uniform() < p;
    }
    case 'choice': {
      const keys = Object.keys(g.values);
      const total = keys.reduce((s, k) => s + g.values[k]!, 0);
      if (keys.length === 0 || !(total > 0)) throw new SimulationError('BAD_MODEL', `data "${name}": a choice needs values with positive weights`);
      const cum = keys.map(((s) => (k: string) => (s += g.values[k]! / total))(0));
      return (rng) => {
        const u = rng.uniform();
        for (let i = 0; i < keys.length - 1; i++) if (u < cum[i]!) return keys[i];
        return keys[keys.length - 1];
      };
    }
    case 'number': {
      const ms = unitMs(g.distribution);
      const draw = compileSampler(g.distribution);
      return g.round ? (rng) => Math.round(draw(rng) / ms) : (rng) => draw(rng) / ms;
    }
  }
}

/**
 * A value a form field accepts, for required fields the parameters say nothing about: the
 * simulated person fills the form in plausibly so the engine's validation lets the step complete.
 */
export function placeholderValue(f: FormField): unknown {
  switch (f.type) {
    case 'number':
    case 'money':
    case 'integer': {
      const v = f.min ?? (f.max !== undefined ? Math.min(0, f.max) : 0);
      return f.type === 'integer' ? Math.ceil(v) : v;
    }
    case 'boolean':
      return false;
    case 'date':
      return '2026-01-05';
    case 'datetime':
      return '2026-01-05T09:00:00+08:00';
    case 'select':
      return f.options?.[0]?.value;
    case 'multiSelect':
      return f.options?.[0] ? [f.options[0].value] : [];
    case 'phone':
      return '13800000000';
    default: {
      const base = 'simulated';
      return f.min !== undefined && f.min > base.length ? base.padEnd(f.min, 'x') : base;
    }
  }
}
