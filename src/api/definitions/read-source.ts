import { BpmnImportError, fromBpmn } from '../../model/bpmn/index.ts';
import { compile, CompileError } from '../../model/compile.ts';
import { parseSop } from '../../model/yaml/read.ts';
import { ValidationError } from '../../model/yaml/validation-error.ts';
import { ApiProblem } from '../problem.ts';
import type { ProcessDefinition } from '../../model/types.ts';
import type { RequestContext } from '../http/request-context.ts';

/**
 * Reads an uploaded SOP text into a definition. YAML goes through the model's reader (errors
 * name line and column); BPMN 2.0 XML through the BPMN reader (errors name the element id)
 * and is then compiled, so both formats get the same verdict on the same process.
 */
export async function readSource(rc: RequestContext, format: 'yaml' | 'bpmn', source: string): Promise<ProcessDefinition> {
  try {
    if (format === 'bpmn') {
      const def = await fromBpmn(source);
      try {
        compile(def);
      } catch (e) {
        if (e instanceof CompileError) throw new ApiProblem(422, 'SOP_INVALID', `the SOP does not compile: ${e.message}`, { issues: compileIssues(def, e) });
        throw e;
      }
      return def;
    }
    return parseSop(source, 'upload.yaml');
  } catch (e) {
    if (e instanceof ValidationError || e instanceof ApiProblem) throw e;
    if (e instanceof BpmnImportError)
      throw new ApiProblem(422, 'BPMN_INVALID', `the BPMN file has ${e.issues.length} problem(s); each issue names the element id (docs/bpmn.md lists what servflow reads)`, {
        issues: e.issues.map((i) => ({ path: i.element ?? '', message: i.message })),
      });
    // The reader should name every problem itself; an exception here is its bug, logged loudly,
    // but the uploader still gets a 4xx: their file is what triggered it.
    rc.deps.log.log('error', 'SOP reader failed', { requestId: rc.requestId, error: (e as Error).message, stack: (e as Error).stack });
    throw new ApiProblem(422, 'SOP_UNREADABLE', `the SOP could not be read: ${(e as Error).message}`);
  }
}

/** Compile issues of a BPMN upload, located by node id (the BPMN element) rather than list index. */
function compileIssues(def: ProcessDefinition, e: CompileError): { path: string; message: string }[] {
  return e.issues.map((i) => {
    const [head, index, ...rest] = i.path;
    const node = head === 'nodes' && typeof index === 'number' ? def.nodes[index] : undefined;
    return { path: node ? [node.id, ...rest].join('.') : i.path.join('.'), message: i.message };
  });
}

/** The same, answering `{ valid, issues }` instead of throwing on an invalid file. */
export async function checkSource(rc: RequestContext, format: 'yaml' | 'bpmn', source: string) {
  try {
    const def = await readSource(rc, format, source);
    return { valid: true, key: def.key, version: def.version, issues: [] };
  } catch (e) {
    if (e instanceof ValidationError) return { valid: false, issues: e.issues.map((i) => ({ line: i.line, column: i.column, path: i.path, message: i.message })) };
    // BPMN problems have no line: they are located by element id (line and column 0).
    if (e instanceof ApiProblem && (e.code === 'BPMN_INVALID' || e.code === 'SOP_INVALID') && format === 'bpmn') {
      const issues = e.extra.issues ?? [];
      return { valid: false, issues: issues.map((i) => ({ line: 0, column: 0, path: i.path, message: i.message })) };
    }
    throw e;
  }
}
