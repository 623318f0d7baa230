/**
 * The browsable API reference at /api/docs: one self-contained HTML page (inline style and
 * script, nothing fetched from the internet) that reads /api/openapi.json from the same server
 * and renders every operation with its parameters, body and answers as trees, plus a curl line
 * to copy.
 *
 * Rejected: Swagger UI / Redoc / Scalar bundles. They are megabytes of JavaScript to ship and
 * audit, and the usual way of embedding them loads from a CDN — which the offline rule forbids.
 */

const STYLE = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --get:#0969da; --post:#1a7f37; --put:#9a6700; --patch:#8250df; --delete:#cf222e; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color:var(--fg); }
header { padding:16px 24px; border-bottom:1px solid var(--line); display:flex; gap:16px; align-items:center; flex-wrap:wrap; position:sticky; top:0; background:#fff; z-index:1; }
header h1 { font-size:18px; margin:0; }
header input { flex:1; min-width:200px; padding:6px 10px; border:1px solid var(--line); border-radius:6px; font:inherit; }
main { display:flex; }
nav { width:220px; padding:16px; border-right:1px solid var(--line); position:sticky; top:64px; height:calc(100vh - 64px); overflow:auto; }
nav a { display:block; color:var(--fg); text-decoration:none; padding:2px 0; }
section { flex:1; padding:16px 24px; max-width:1100px; }
h2 { margin:24px 0 8px; font-size:16px; text-transform:capitalize; }
details.op { border:1px solid var(--line); border-radius:6px; margin:6px 0; }
details.op > summary { cursor:pointer; padding:8px 12px; display:flex; gap:12px; align-items:baseline; list-style:none; }
details.op[open] > summary { border-bottom:1px solid var(--line); background:var(--bg); }
.m { font:600 12px ui-monospace, monospace; text-transform:uppercase; width:56px; flex:none; }
.m.get{color:var(--get)} .m.post{color:var(--post)} .m.put{color:var(--put)} .m.patch{color:var(--patch)} .m.delete{color:var(--delete)}
code, pre { font:12.5px ui-monospace, SFMono-Regular, Menlo, monospace; }
.path { font-weight:600; }
.sum { color:var(--muted); }
.body { padding:8px 16px 16px; }
table { border-collapse:collapse; width:100%; margin:4px 0 12px; }
td, th { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
pre { background:var(--bg); padding:8px; border-radius:6px; overflow:auto; }
.tree { margin:0 0 0 16px; padding:0; list-style:none; }
.tree li { margin:2px 0; }
.t { color:var(--muted); }
.req { color:var(--delete); }
.lock { color:var(--muted); font-size:12px; }
`;

const SCRIPT = `
const $ = (tag, attrs = {}, ...kids) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); for (const k of kids) e.append(k); return e; };
let doc;
const deref = (s) => { let seen = 0; while (s && s.$ref && seen++ < 20) s = doc.components.schemas[s.$ref.split('/').pop()] ?? {}; return s ?? {}; };
const typeOf = (s) => {
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.enum) return s.enum.map((x) => JSON.stringify(x)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map((x) => typeOf(x)).join(' | ');
  if (s.type === 'array') return typeOf(s.items || {}) + '[]';
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type || 'any') + (s.format ? ' (' + s.format + ')' : '');
};
function tree(schema, depth = 0) {
  const s = deref(schema);
  const ul = $('ul', { class: 'tree' });
  const props = s.properties || {};
  const req = new Set(s.required || []);
  for (const [name, p0] of Object.entries(props)) {
    const p = deref(p0);
    const li = $('li', {}, $('code', {}, name), req.has(name) ? $('span', { class: 'req' }, '*') : '', ' ', $('span', { class: 't' }, typeOf(p0)), p.description ? ' — ' + p.description : '');
    const inner = p.type === 'array' ? deref(p.items || {}) : p;
    if (depth < 4 && inner.properties) li.append(tree(inner, depth + 1));
    if (depth < 4 && (p.anyOf || p.oneOf)) for (const alt of p.anyOf || p.oneOf) if (deref(alt).properties) li.append(tree(alt, depth + 1));
    ul.append(li);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') ul.append($('li', {}, $('code', {}, '{key}'), ' ', $('span', { class: 't' }, typeOf(s.additionalProperties))));
  return ul;
}
function example(schema, depth = 0) {
  const s = deref(schema);
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.anyOf || s.oneOf) return example((s.anyOf || s.oneOf)[0], depth);
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  if (t === 'object' || s.properties) {
    const o = {};
    for (const k of s.required || []) o[k] = depth > 3 ? null : example(s.properties[k], depth + 1);
    return o;
  }
  if (t === 'array') return [];
  if (t === 'integer' || t === 'number') return s.minimum ?? 1;
  if (t === 'boolean') return true;
  if (s.format === 'date-time') return new Date().toISOString();
  return '…';
}
function operation(path, method, op) {
  const body = $('div', { class: 'body' });
  if (op.description) body.append($('p', {}, op.description));
  body.append($('p', { class: 'lock' }, op.security && op.security.length === 0 ? 'No sign-in needed.' : 'Signed in: session cookie or Authorization: Bearer <API token>.'));
  if (op.parameters?.length) {
    const t = $('table', {}, $('tr', {}, $('th', {}, 'Parameter'), $('th', {}, 'In'), $('th', {}, 'Type'), $('th', {}, 'About')));
    for (const p of op.parameters) t.append($('tr', {}, $('td', {}, $('code', {}, p.name), p.required ? $('span', { class: 'req' }, '*') : ''), $('td', {}, p.in), $('td', {}, typeOf(p.schema || {})), $('td', {}, p.description || p.schema?.description || '')));
    body.append($('h4', {}, 'Parameters'), t);
  }
  const json = op.requestBody?.content?.['application/json']?.schema;
  if (json) {
    body.append($('h4', {}, 'Body (application/json)' + (Object.keys(op.requestBody.content).length > 1 ? ', or ' + Object.keys(op.requestBody.content).slice(1).join(', ') : '')), tree(json));
  }
  body.append($('h4', {}, 'Answers'));
  for (const [status, r0] of Object.entries(op.responses || {})) {
    const r = r0.$ref ? doc.components.responses[r0.$ref.split('/').pop()] : r0;
    const li = $('div', {}, $('code', {}, status), ' ', r.description || '');
    const schema = r.content?.['application/json']?.schema;
    if (schema && status < 300) li.append(tree(schema));
    body.append(li);
  }
  const url = location.origin + path;
  const data = json ? " -H 'content-type: application/json' -d '" + JSON.stringify(example(json)) + "'" : '';
  body.append($('h4', {}, 'Try it'), $('pre', {}, 'curl -b jar -c jar -X ' + method.toUpperCase() + " '" + url + "'" + data));
  const d = $('details', { class: 'op', id: op.operationId, 'data-text': (method + ' ' + path + ' ' + op.summary + ' ' + (op.description || '')).toLowerCase() },
    $('summary', {}, $('span', { class: 'm ' + method }, method), $('span', { class: 'path' }, path), $('span', { class: 'sum' }, op.summary || '')), body);
  return d;
}
async function main() {
  const res = await fetch('openapi.json');
  doc = await res.json();
  document.title = doc.info.title;
  document.querySelector('h1').textContent = doc.info.title + ' ' + doc.info.version;
  document.querySelector('#intro').textContent = doc.info.description;
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags || ['other'])[0];
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push(operation(path, method, op));
  }
  const nav = document.querySelector('nav');
  const sec = document.querySelector('#ops');
  for (const [tag, ops] of byTag) {
    nav.append($('a', { href: '#tag-' + tag }, tag + ' (' + ops.length + ')'));
    sec.append($('h2', { id: 'tag-' + tag }, tag), ...ops);
  }
  document.querySelector('input').addEventListener('input', (e) => {
    const q = e.target.value.toLowerCase();
    for (const d of document.querySelectorAll('details.op')) d.style.display = d.dataset.text.includes(q) ? '' : 'none';
  });
  if (location.hash) document.getElementById(location.hash.slice(1))?.setAttribute('open', '');
}
main().catch((e) => { document.querySelector('#ops').textContent = 'Could not load openapi.json: ' + e.message; });
`;

/** The reference page's HTML. */
export function referencePage(title: string): string {
  const esc = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc}</title><style>${STYLE}</style></head>
<body><header><h1>${esc}</h1><input type="search" placeholder="Filter operations (path, words)…" aria-label="Filter operations"><a href="openapi.json">openapi.json</a></header>
<main><nav aria-label="Sections"></nav><section><p id="intro"></p><div id="ops">Loading…</div></section></main>
<script>${SCRIPT}</script></body></html>`;
}
