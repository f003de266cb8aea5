import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function ClaimsPage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
