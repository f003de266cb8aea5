import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function StatsPage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
