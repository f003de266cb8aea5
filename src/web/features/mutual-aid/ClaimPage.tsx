import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function ClaimPage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
