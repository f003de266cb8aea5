import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function UnitsPage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
