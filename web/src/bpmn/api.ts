import { request } from '../api/client.ts';
import type { SopProblem, SopVersion } from '../api/types.ts';

/** The definitions API in BPMN form (see docs/bpmn.md). */
const enc = encodeURIComponent;

export const bpmnApi = {
  /** A version as BPMN 2.0 XML: the uploaded drawing, or an export with a generated layout. */
  xml: (key: string, version: number) => request<string>('GET', `/api/definitions/${enc(key)}/versions/${version}?format=bpmn`),
  /** A version as SOP YAML (converted on the server when it was uploaded as BPMN). */
  yaml: (key: string, version: number) => request<string>('GET', `/api/definitions/${enc(key)}/versions/${version}?format=yaml`),
  validate: async (xml: string): Promise<{ ok: boolean; problems: readonly SopProblem[]; key?: string; version?: number }> => {
    const r = await request<{ valid: boolean; key?: string; version?: number; issues: SopProblem[] }>('POST', '/api/definitions/validate', { format: 'bpmn', source: xml });
    return { ok: r.valid, problems: r.issues, ...(r.key ? { key: r.key } : {}), ...(r.version ? { version: r.version } : {}) };
  },
  /** Saves the BPMN as a draft of the version it declares. */
  saveDraft: (xml: string) => request<SopVersion>('POST', '/api/definitions', { format: 'bpmn', source: xml }),
  publish: (key: string, version: number) => request<SopVersion>('POST', `/api/definitions/${enc(key)}/versions/${version}/publish`, {}),
};
