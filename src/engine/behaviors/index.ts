import { call } from './call.ts';
import { end } from './end.ts';
import { exclusive } from './exclusive.ts';
import { human } from './human.ts';
import { parallel } from './parallel.ts';
import { service } from './service.ts';
import { timer } from './timer.ts';
import type { NodeBehavior } from '../run.ts';
import type { ProcessNode } from '../../model/types.ts';

/** One behaviour per node kind; the compiler checks that every kind has one. */
export const behaviors = { human, service, timer, exclusive, parallel, call, end } satisfies {
  readonly [K in ProcessNode['kind']]: NodeBehavior<Extract<ProcessNode, { kind: K }>>;
};
