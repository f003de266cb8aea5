import { Typography } from 'antd';

/** Placeholder until the page is built. */
export default function ClaimIntakePage() {
  return <Typography.Paragraph>…</Typography.Paragraph>;
}
