import { parseSop } from '../../model/yaml/read.ts';
import { ValidationError } from '../../model/yaml/validation-error.ts';
import { ApiProblem } from '../problem.ts';
import type { ProcessDefinition } from '../../model/types.ts';
import type { RequestContext } from '../http/request-context.ts';

/**
 * Reads an uploaded SOP text into a definition. YAML goes through the model's reader (errors
 * name line and column); BPMN is refused until the BPMN reader lands.
 */
export function readSource(rc: RequestContext, format: 'yaml' | 'bpmn', source: string): ProcessDefinition {
  if (format === 'bpmn') throw new ApiProblem(422, 'FORMAT_NOT_SUPPORTED', 'BPMN upload is not available yet; upload the SOP as YAML (docs/sop-format.md)');
  try {
    return parseSop(source, 'upload.yaml');
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    // The reader should name every problem itself; an exception here is its bug, logged loudly,
    // but the uploader still gets a 4xx: their file is what triggered it.
    rc.deps.log.log('error', 'SOP reader failed', { requestId: rc.requestId, error: (e as Error).message, stack: (e as Error).stack });
    throw new ApiProblem(422, 'SOP_UNREADABLE', `the SOP could not be read: ${(e as Error).message}`);
  }
}

/** The same, answering `{ valid, issues }` instead of throwing on an invalid file. */
export function checkSource(rc: RequestContext, format: 'yaml' | 'bpmn', source: string) {
  try {
    const def = readSource(rc, format, source);
    return { valid: true, key: def.key, version: def.version, issues: [] };
  } catch (e) {
    if (e instanceof ValidationError) return { valid: false, issues: e.issues.map((i) => ({ line: i.line, column: i.column, path: i.path, message: i.message })) };
    throw e;
  }
}
