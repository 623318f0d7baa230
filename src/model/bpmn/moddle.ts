import { BpmnModdle } from 'bpmn-moddle';
import servflowPackage from './servflow-moddle.json' with { type: 'json' };

/**
 * The bpmn-moddle instance that knows servflow's extension elements (namespace below, types in
 * servflow-moddle.json). Moddle objects are dynamic, so this folder handles them through the
 * loose `El` shape and checks each field where it reads it.
 */

export const SERVFLOW_NS = 'https://servflow.dev/schema/bpmn/1.0';
export const FEEL_LANGUAGE = 'https://www.omg.org/spec/DMN/20191111/FEEL/';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type El = any;

export function newModdle(): El {
  return new BpmnModdle({ servflow: servflowPackage });
}
