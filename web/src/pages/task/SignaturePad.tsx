import { Button, Input, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.ts';

export interface SignaturePadProps {
  readonly id: string;
  readonly label: string;
  readonly value: string | undefined;
  onChange(v: string | undefined): void;
  readonly invalid?: boolean;
}

/**
 * A signature field: the customer signs with a finger, pen or mouse (pointer events cover all
 * three); the value is a PNG data URL, which the engine accepts as the signature reference.
 * People who cannot draw (keyboard, screen reader) type their name instead, and it is written
 * into the pad in a handwriting-like face — the stored value has the same form either way.
 */
export function SignaturePad({ id, label, value, onChange, invalid }: SignaturePadProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const dirty = useRef(false);
  const [typed, setTyped] = useState('');

  const ctx = () => {
    const c = canvas.current;
    if (!c) return null;
    const g = c.getContext('2d');
    if (!g) return null;
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#111';
    return g;
  };

  // The drawing buffer follows the displayed size (crisp on phones' dense screens).
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const r = c.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.round(r.width * ratio));
    c.height = Math.max(1, Math.round(r.height * ratio));
    c.getContext('2d')?.scale(ratio, ratio);
    if (value) {
      const img = new Image();
      img.onload = () => c.getContext('2d')?.drawImage(img, 0, 0, r.width, r.height);
      img.src = value;
    }
    // Only on mount: later values come from this very pad.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = ctx();
    if (!g) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = point(e);
    g.beginPath();
    g.moveTo(p.x, p.y);
    g.lineTo(p.x + 0.1, p.y + 0.1);
    g.stroke();
    dirty.current = true;
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const g = ctx();
    if (!g) return;
    const p = point(e);
    g.lineTo(p.x, p.y);
    g.stroke();
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    if (dirty.current && canvas.current) onChange(canvas.current.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current;
    if (!c) return;
    c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    dirty.current = false;
    setTyped('');
    onChange(undefined);
  };
  const writeTyped = (text: string) => {
    setTyped(text);
    const c = canvas.current;
    const g = ctx();
    if (!c || !g) return;
    const r = c.getBoundingClientRect();
    g.clearRect(0, 0, c.width, c.height);
    if (text.trim() === '') {
      onChange(undefined);
      return;
    }
    g.font = `italic 34px 'Segoe Script', 'Brush Script MT', 'STKaiti', 'KaiTi', cursive`;
    g.fillStyle = '#111';
    g.fillText(text, 16, r.height / 2 + 12, r.width - 32);
    onChange(c.toDataURL('image/png'));
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <canvas
        id={id}
        ref={canvas}
        className="sf-signature"
        role="img"
        aria-label={t('sig.pad', { label })}
        aria-invalid={invalid || undefined}
        style={invalid ? { borderColor: '#c41d1f' } : undefined}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <Typography.Text type="secondary">{value ? t('sig.signed') : t('sig.hint')}</Typography.Text>
      <Space wrap>
        <Input
          aria-label={t('sig.typeName', { label })}
          placeholder={t('sig.typeName', { label })}
          value={typed}
          onChange={(e) => writeTyped(e.target.value)}
          style={{ width: 240 }}
        />
        <Button onClick={clear}>{t('sig.clear')}</Button>
      </Space>
    </Space>
  );
}
