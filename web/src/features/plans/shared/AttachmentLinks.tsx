import { PaperClipOutlined } from "@ant-design/icons";
import { Flex, Typography } from "antd";
import { planAttachmentUrl } from "./plan-task-queries";
import type { PlanAttachment } from "./plan-types";

/** A report's or close-out's files as download links. */
export function AttachmentLinks({ attachments }: { attachments: readonly PlanAttachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <Flex gap={12} wrap>
      {attachments.map((attachment) => (
        <Typography.Link key={attachment.id} href={planAttachmentUrl(attachment.id)} target="_blank">
          <PaperClipOutlined /> {attachment.fileName}
        </Typography.Link>
      ))}
    </Flex>
  );
}
