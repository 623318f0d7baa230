import { useMemo } from 'react';
import type { ProcessNode } from '../api/types.ts';
import { pickText, useI18n, type MessageKey } from '../i18n/index.ts';
import { edgesOf } from './flows.ts';
import { layoutGraph } from './layout.ts';

export interface SopDiagramProps {
  readonly nodes: readonly ProcessNode[];
  /** Where the case stands now (highlighted) and what it passed (marked done). */
  readonly active?: readonly string[];
  readonly done?: readonly string[];
  /** Numbers to print on nodes (e.g. cases waiting there). */
  readonly onNodeClick?: (id: string) => void;
}

const W = 150;
const H = 56;
const GX = 60;
const GY = 30;
const PAD = 20;

const COLORS = {
  done: { fill: '#f0f9eb', stroke: '#237804', text: '#1d3d0a' },
  active: { fill: '#e6f0ff', stroke: '#1554ad', text: '#0d2d5e' },
  todo: { fill: '#ffffff', stroke: '#8c8c8c', text: '#262626' },
};

function wrap(text: string, max: number): string[] {
  // CJK text breaks anywhere; Latin text at spaces.
  const cjk = /[\u3400-\u9fff]/.test(text);
  const limit = cjk ? Math.floor(max / 13) : Math.floor(max / 7);
  if (text.length <= limit) return [text];
  if (cjk) return [text.slice(0, limit), text.length > 2 * limit ? `${text.slice(limit, 2 * limit - 1)}…` : text.slice(limit)];
  const words = text.split(' ');
  const lines: string[] = [''];
  for (const w of words) {
    const cur = lines[lines.length - 1]!;
    if ((cur + ' ' + w).trim().length > limit && cur !== '') lines.push(w);
    else lines[lines.length - 1] = (cur + ' ' + w).trim();
  }
  if (lines.length > 2) return [lines[0]!, `${lines[1]!.slice(0, limit - 1)}…`];
  return lines;
}

/**
 * The SOP drawn as a left-to-right flow: steps as boxes, decisions and parallel splits as
 * diamonds, waits and ends as circles; the case's position in blue, its past in green. Each
 * shape carries a text title, and the whole picture a description, for screen readers.
 */
export function SopDiagram({ nodes, active = [], done = [], onNodeClick }: SopDiagramProps) {
  const { t, locale } = useI18n();
  const edges = useMemo(() => edgesOf(nodes), [nodes]);
  const lay = useMemo(() => layoutGraph(nodes, edges), [nodes, edges]);
  const pos = new Map(lay.placed.map((p) => [p.node.id, { x: PAD + p.layer * (W + GX), y: PAD + p.row * (H + GY) }]));
  const width = PAD * 2 + lay.layers * (W + GX) - GX;
  const height = PAD * 2 + lay.rows * (H + GY) - GY;
  const activeSet = new Set(active);
  const doneSet = new Set(done);
  const name = (n: ProcessNode) => pickText(n.name, locale, n.id).text;
  const summary = active.length > 0 ? t('case.position', { steps: active.map((id) => name(nodes.find((n) => n.id === id)!)).join(locale === 'zh-CN' ? '、' : ', ') }) : '';

  return (
    <div className="sf-diagram" style={{ overflowX: 'auto' }}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${t('case.diagram')}. ${summary}`}>
        <defs>
          <marker id="sf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#595959" />
          </marker>
        </defs>
        {edges.map((e, i) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          if (!a || !b) return null;
          const forward = b.x > a.x;
          const x1 = a.x + W;
          const y1 = a.y + H / 2;
          const x2 = b.x;
          const y2 = b.y + H / 2;
          const d = forward
            ? `M ${x1} ${y1} C ${x1 + GX / 2} ${y1}, ${x2 - GX / 2} ${y2}, ${x2} ${y2}`
            : `M ${a.x + W / 2} ${a.y + H} C ${a.x + W / 2} ${height - 4}, ${b.x + W / 2} ${height - 4}, ${b.x + W / 2} ${b.y + H}`;
          return <path key={i} d={d} fill="none" stroke="#595959" strokeWidth={1.4} strokeDasharray={e.isDefault ? '4 3' : undefined} markerEnd="url(#sf-arrow)" />;
        })}
        {lay.placed.map(({ node }) => {
          const p = pos.get(node.id)!;
          const st = activeSet.has(node.id) ? 'active' : doneSet.has(node.id) ? 'done' : 'todo';
          const c = COLORS[st];
          const picked = pickText(node.name, locale, node.id);
          const label = wrap(picked.text, W - 16);
          const kindKey = `kind.${node.kind}` as MessageKey;
          const stateWord = st === 'active' ? t('case.legendActive') : st === 'done' ? t('case.legendDone') : t('case.legendTodo');
          const cx = p.x + W / 2;
          const cy = p.y + H / 2;
          const shape =
            node.kind === 'exclusive' || node.kind === 'parallel' ? (
              <polygon points={`${cx},${p.y} ${p.x + W - 30},${cy} ${cx},${p.y + H} ${p.x + 30},${cy}`} fill={c.fill} stroke={c.stroke} strokeWidth={st === 'active' ? 3 : 1.5} />
            ) : node.kind === 'end' || node.kind === 'timer' ? (
              <rect x={p.x + 10} y={p.y} width={W - 20} height={H} rx={H / 2} fill={c.fill} stroke={c.stroke} strokeWidth={node.kind === 'end' ? 3 : st === 'active' ? 3 : 1.5} />
            ) : (
              <rect x={p.x} y={p.y} width={W} height={H} rx={8} fill={c.fill} stroke={c.stroke} strokeWidth={st === 'active' ? 3 : node.kind === 'call' ? 2.5 : 1.5} />
            );
          return (
            <g key={node.id} className={onNodeClick ? 'sf-clickable' : undefined} onClick={onNodeClick ? () => onNodeClick(node.id) : undefined}>
              <title>{`${name(node)} — ${t(kindKey)} — ${stateWord}`}</title>
              {shape}
              {label.map((line, i) => (
                <text key={i} lang={picked.lang} x={cx} y={cy + (i - (label.length - 1) / 2) * 15 + 4} textAnchor="middle" fontSize={12} fill={c.text}>
                  {line}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The legend for the diagram's colours (colour is never the only sign: the words say it too). */
export function DiagramLegend() {
  const { t } = useI18n();
  const item = (k: keyof typeof COLORS, label: string) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, marginInlineEnd: 16 }}>
      <span aria-hidden style={{ width: 14, height: 14, borderRadius: 3, background: COLORS[k].fill, border: `2px solid ${COLORS[k].stroke}`, display: 'inline-block' }} />
      {label}
    </span>
  );
  return (
    <div style={{ marginTop: 8 }}>
      {item('active', t('case.legendActive'))}
      {item('done', t('case.legendDone'))}
      {item('todo', t('case.legendTodo'))}
    </div>
  );
}
