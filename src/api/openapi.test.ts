import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi/document.ts';
import { referencePage } from './openapi/reference-page.ts';
import { API_INFO } from './routes/meta.ts';
import { apiRoutes } from './routes/index.ts';

type Json = Record<string, any>;

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) k === '$ref' && typeof x === 'string' ? out.push(x) : refs(x, out);
  return out;
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument(apiRoutes(), API_INFO) as Json;

  it('is OpenAPI 3.1 and describes every route with a unique operation id', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = apiRoutes();
    const ops = Object.entries(doc.paths as Json).flatMap(([path, m]) => Object.entries(m as Json).map(([method, op]) => ({ path, method, op: op as Json })));
    expect(ops).toHaveLength(routes.length);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of routes) expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
  });

  it('declares every path parameter, and every $ref points at a component', () => {
    for (const [path, methods] of Object.entries(doc.paths as Json)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(methods as Json)) {
        const declared = ((op as Json).parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name).sort();
        expect(declared, `${method} ${path}`).toEqual(inPath);
        expect(Object.keys((op as Json).responses).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    for (const r of refs(doc)) {
      const [, , section, name] = r.split('/');
      expect(doc.components[section!]?.[name!], r).toBeDefined();
    }
  });

  it('documents request bodies with the schemas that validate them (unknown fields refused)', () => {
    const complete = doc.paths['/api/tasks/{taskId}/complete'].post;
    const schema = complete.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['form', 'checklist', 'expectedVersion']);
    expect(schema.additionalProperties).toBe(false);
    expect(doc.paths['/api/definitions'].post.requestBody.content['application/yaml']).toBeDefined();
    expect(doc.paths['/api/cases'].post.parameters.map((p: Json) => p.name)).toContain('Idempotency-Key');
    // Shared shapes are one component each (not one per route that happens to use them).
    expect(Object.keys(doc.components.schemas).filter((k) => /Output$/.test(k))).toEqual([]);
    expect(doc.components.schemas.Task).toBeDefined();
    expect(doc.components.responses.Problem409.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
  });
});

describe('the reference page', () => {
  it('loads nothing from the internet: no external script, style, font or image', () => {
    const html = referencePage('servflow API');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/https?:\/\/(?!json-schema)/i);
    expect(html).toContain("fetch('openapi.json')");
  });
});

describe('docs/api.md', () => {
  it('lists every route of the API', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const missing = apiRoutes()
      .map((r) => `\`${r.method.toUpperCase()} ${r.path}\``)
      .filter((line) => !text.includes(line));
    expect(missing).toEqual([]);
  });
});
