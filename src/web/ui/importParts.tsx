import { DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Col, Radio, Row, Space, Statistic, Table, Typography, Upload, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../app/i18n';
import { toast } from './feedback';

/** The parts that the Excel import pages share: the workbook drop zone, the mode, the result's buttons, counts and issues. */

/** One .xlsx to upload, kept in the page's state (nothing is sent on drop); a file over `maxBytes` is refused with a message. */
export function XlsxDropZone(props: { file: File | null; onFile: (f: File | null) => void; maxBytes: number; tooLarge: string; drop: string; hint: string; disabled?: boolean }) {
  const { file, onFile, maxBytes, tooLarge, drop, hint, disabled } = props;
  return (
    <Upload.Dragger
      accept=".xlsx"
      maxCount={1}
      disabled={disabled}
      fileList={file ? [{ uid: '1', name: file.name, size: file.size, status: 'done' }] : []}
      beforeUpload={(f) => {
        if (f.size > maxBytes) {
          toast()?.error(tooLarge);
          return Upload.LIST_IGNORE;
        }
        onFile(f);
        return false;
      }}
      onRemove={() => onFile(null)}
      data-testid="import-file"
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{drop}</p>
      <p className="ant-upload-hint">{hint}</p>
    </Upload.Dragger>
  );
}

/** The import mode as a column of radio buttons under its label. */
export function ImportModeChoice<M extends string>({ label, value, onChange, modes, labels }: { label: string; value: M; onChange: (m: M) => void; modes: readonly M[]; labels: Record<M, { zh: string; en: string }> }) {
  const t = useT();
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <Radio.Group value={value} onChange={(e) => onChange(e.target.value as M)} style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 8 }} data-testid="import-mode">
        {modes.map((m) => (
          <Radio key={m} value={m}>
            {t.label(labels[m])}
          </Radio>
        ))}
      </Radio.Group>
    </div>
  );
}

/** The buttons under an import's result: download the report (when there is one) and import again. */
export function ImportResultActions(props: { downloading: boolean; onReport?: () => void; onAgain: () => void; reportLabel: string; againLabel: string }) {
  const { downloading, onReport, onAgain, reportLabel, againLabel } = props;
  return (
    <Space>
      {onReport && (
        <Button type="primary" icon={<DownloadOutlined />} loading={downloading} onClick={onReport} data-testid="import-report">
          {reportLabel}
        </Button>
      )}
      <Button icon={<ReloadOutlined />} onClick={onAgain} data-testid="import-again">
        {againLabel}
      </Button>
    </Space>
  );
}

/** An import's counts in a row of figures; a `danger` count above zero in red. */
export function ImportCounts({ items }: { items: { key: string; title: string; value: number; danger?: boolean }[] }) {
  return (
    <Row gutter={[16, 16]} style={{ margin: '8px 0 16px' }}>
      {items.map(({ key, title, value, danger }) => (
        <Col xs={12} md={6} lg={3} key={key}>
          <Statistic title={title} value={value} styles={{ content: { fontSize: 20, color: danger && value > 0 ? '#cf1322' : undefined } }} />
        </Col>
      ))}
    </Row>
  );
}

/** The issues an import found, under a heading; paged by 50 when there are more. Nothing when there are none. */
export function ImportIssues<T extends object>(props: { title: ReactNode; issues: T[]; columns: TableColumnsType<T>; rowKey: (i: T, n?: number) => string; scrollX?: number }) {
  const { title, issues, columns, rowKey, scrollX } = props;
  if (issues.length === 0) return null;
  return (
    <>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Table<T>
        rowKey={rowKey}
        size="small"
        columns={columns}
        dataSource={issues}
        pagination={issues.length > 50 ? { pageSize: 50, size: 'small' } : false}
        scroll={scrollX ? { x: scrollX } : undefined}
        data-testid="import-issues"
      />
    </>
  );
}
