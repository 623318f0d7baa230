import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Image, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { uploadAttachment, attachmentUrl } from '../../api/attachments.ts';
import { useI18n } from '../../i18n/index.ts';
import { shrinkImage } from './photo.ts';

export interface PhotoFieldProps {
  readonly id: string;
  readonly label: string;
  readonly taskId: string;
  readonly value: string | undefined;
  onChange(v: string | undefined): void;
  readonly invalid?: boolean;
}

const MAX_MB = 10;

/** A photo field: take a picture (the phone's camera opens) or pick one; it is uploaded at once. */
export function PhotoField({ id, label, taskId, value, onChange, invalid }: PhotoFieldProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    if (file.size > MAX_MB * 4 * 1024 * 1024) {
      setProblem(t('photo.tooBig', { n: MAX_MB }));
      return;
    }
    setBusy(true);
    try {
      const blob = await shrinkImage(file);
      if (blob.size > MAX_MB * 1024 * 1024) {
        setProblem(t('photo.tooBig', { n: MAX_MB }));
        return;
      }
      const att = await uploadAttachment(blob, file.name, taskId);
      onChange(att.ref);
    } catch (e) {
      setProblem(e instanceof ApiError && e.status === 413 ? t('photo.tooBig', { n: MAX_MB }) : t('photo.failed'));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Space orientation="vertical">
      {value && <Image src={attachmentUrl(value)} alt={t('photo.alt', { label })} width={160} />}
      <Space wrap>
        <input
          ref={input}
          id={id}
          type="file"
          accept="image/*"
          capture="environment"
          aria-invalid={invalid || undefined}
          className="sf-sr-only"
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        <Button icon={<CameraOutlined aria-hidden />} loading={busy} onClick={() => input.current?.click()}>
          {busy ? t('photo.uploading') : t('photo.add')}
        </Button>
        {value && (
          <Button icon={<DeleteOutlined aria-hidden />} onClick={() => onChange(undefined)}>
            {t('photo.remove')}
          </Button>
        )}
      </Space>
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
    </Space>
  );
}
