import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function BillsPage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
