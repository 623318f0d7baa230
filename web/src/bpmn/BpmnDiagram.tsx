import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Escalation } from '../../../src/model/types.ts';
import type { ProcessNode, RoleDef } from '../api/types.ts';
import { pickText, useI18n, type Locale, type MessageKey, type Params } from '../i18n/index.ts';
import { describeLimit } from '../pages/library/limits.ts';
import { ext, moddleExtensions, textOf, type Bo } from './ext.ts';

export interface BpmnDiagramProps {
  /** BPMN 2.0 XML (GET /api/definitions/{key}/versions/{v}?format=bpmn). */
  readonly xml: string;
  /** The definition, for the steps' roles and time limits drawn under the tasks. */
  readonly nodes: readonly ProcessNode[];
  readonly roles: readonly RoleDef[];
}

/**
 * Names in the reader's language: each flow element gets its servflow zh/en name for the
 * page's locale. Returns the ids whose name had to fall back to the other language, with that
 * language (marked with `lang` once drawn).
 */
export function localizeNames(definitions: Bo, locale: Locale): Map<string, string> {
  const fallbacks = new Map<string, string>();
  for (const root of (definitions?.rootElements ?? []) as Bo[]) {
    const processName = textOf(ext(root, 'servflow:Process')?.name);
    if (processName) root.name = pickText(processName, locale).text;
    for (const el of (root.flowElements ?? []) as Bo[]) {
      const name = textOf(ext(el, 'servflow:Node')?.name);
      if (!name) continue;
      const picked = pickText(name, locale);
      if (picked.text) el.name = picked.text;
      if (picked.lang) fallbacks.set(el.id as string, picked.lang);
    }
  }
  return fallbacks;
}

/** Marks bpmn.io's "Powered by" watermark as English text (it must stay visible; it is not the app's words). */
export function markWatermark(container: HTMLElement): void {
  for (const a of container.querySelectorAll('.bjs-powered-by')) a.setAttribute('lang', 'en');
}

/** An escalation in words: "10 minutes after the breach: notify Customer care, raise the priority by 1". */
export function escalationText(esc: Escalation, roles: readonly RoleDef[], locale: Locale, t: (k: MessageKey, p?: Params) => string): string {
  const role = (id: string) => pickText(roles.find((r) => r.id === id)?.name, locale, id).text;
  const actions = esc.actions
    .map((a) => (a.kind === 'raisePriority' ? t('bpmn.esc.raisePriority', { by: a.by ?? 1 }) : t(`bpmn.esc.${a.kind}`, { role: role(a.role) })))
    .join(t('bpmn.esc.join'));
  return esc.after ? t('bpmn.esc.after', { limit: describeLimit(esc.after, t), actions }) : t('bpmn.esc.atBreach', { actions });
}

/** An SOP drawn with bpmn-js (NavigatedViewer: pan and zoom), each step's role and time limit under it. */
export function BpmnDiagram({ xml, nodes, roles }: BpmnDiagramProps) {
  const { t, locale } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');

  useEffect(() => {
    let viewer: Bo;
    let gone = false;
    setState('loading');
    void (async () => {
      try {
        const { NavigatedViewer } = await import('./viewer-entry.ts');
        if (gone || !host.current) return;
        viewer = new NavigatedViewer({ container: host.current, moddleExtensions });
        await viewer.importXML(xml);
        if (gone) return;
        const fallbacks = localizeNames(viewer.getDefinitions(), locale);
        await viewer.importDefinitions(viewer.getDefinitions());
        if (gone) return;
        const registry = viewer.get('elementRegistry');
        for (const [id, lang] of fallbacks) {
          const el = registry.get(id);
          if (!el) continue;
          registry.getGraphics(el)?.setAttribute('lang', lang);
          if (el.label) registry.getGraphics(el.label)?.setAttribute('lang', lang);
        }
        const overlays = viewer.get('overlays');
        const byId = new Map(nodes.map((n) => [n.id, n]));
        for (const el of registry.getAll() as Bo[]) {
          const nodeId = (ext(el.businessObject, 'servflow:Node')?.nodeId as string | undefined) ?? el.id;
          const n = byId.get(nodeId);
          if (!n || (n.kind !== 'human' && n.kind !== 'timer') || el.type === 'label') continue;
          const badge = document.createElement('div');
          badge.className = 'sf-bpmn-badge';
          badge.style.cssText = 'font-size:11px;line-height:16px;background:#e6f0ff;color:#0d2d5e;border:1px solid #1554ad;border-radius:4px;padding:0 4px;white-space:nowrap';
          if (n.kind === 'timer') {
            badge.textContent = 'duration' in n.wait ? t('bpmn.badge.wait', { limit: describeLimit(n.wait.duration, t) }) : t('bpmn.badge.waitUntil');
            overlays.add(el.id, 'servflow', { position: { top: -20, left: -20 }, html: badge });
            continue;
          }
          const role = pickText(roles.find((r) => r.id === n.role)?.name, locale, n.role);
          const roleSpan = document.createElement('span');
          roleSpan.textContent = role.text;
          if (role.lang) roleSpan.lang = role.lang;
          badge.append(roleSpan);
          if (n.sla && 'amount' in n.sla.due) {
            const sla = document.createElement('span');
            sla.textContent = ` · ${t('lib.slaValue', { limit: describeLimit(n.sla.due, t) })}`;
            badge.append(sla);
          }
          // What happens when the time limit is missed, one line per escalation.
          for (const esc of n.sla?.escalations ?? []) {
            const line = document.createElement('div');
            line.className = 'sf-bpmn-escalation';
            line.textContent = escalationText(esc, roles, locale, t);
            badge.append(line);
          }
          overlays.add(el.id, 'servflow', { position: { bottom: 14, left: 0 }, html: badge });
        }
        viewer.get('canvas').zoom('fit-viewport');
        markWatermark(host.current);
        setState('ready');
      } catch {
        if (!gone) setState('error');
      }
    })();
    return () => {
      gone = true;
      viewer?.destroy();
    };
  }, [xml, nodes, roles, locale, t]);

  return (
    <div style={{ position: 'relative' }}>
      {state === 'loading' && <Spin style={{ position: 'absolute', inset: 0, margin: 'auto' }} />}
      {state === 'error' && <Alert type="error" showIcon title={t('bpmn.loadFailed')} />}
      <div ref={host} className="sf-bpmn" role="group" aria-label={t('bpmn.diagramLabel')} style={{ height: 420, border: '1px solid #e5e7eb', borderRadius: 6, background: '#fff' }} />
    </div>
  );
}
