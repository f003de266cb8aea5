import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function UnitPage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
