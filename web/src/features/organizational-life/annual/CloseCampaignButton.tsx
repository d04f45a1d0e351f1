import { App, Button, Popconfirm, Tag } from "antd";
import { useT } from "../../../i18n/use-t";
import { type RegistrationCampaign, type ReviewCampaign, useCloseCampaign } from "./annual-api";

/**
 * 结束本次评议 / 注册: shown only when the server says this user may close the campaign (the
 * committee that opened it or above); a closed campaign shows 已结束 instead. After closing, the
 * campaign's reviews or registrations are read-only (the server refuses writes with 409).
 */
export function CloseCampaignButton({
  campaign,
  kind,
}: {
  campaign: ReviewCampaign | RegistrationCampaign;
  kind: "review" | "registration";
}) {
  const t = useT();
  const { message } = App.useApp();
  const close = useCloseCampaign(campaign.id, kind);
  if (campaign.closedAt) return <Tag data-testid="campaign-closed">{t("annual.closed")}</Tag>;
  if (!campaign.mayClose) return null;
  return (
    <Popconfirm
      title={t("annual.closeConfirm")}
      onConfirm={() =>
        close.mutate(undefined, {
          onSuccess: () => message.success(t("annual.closedDone")),
          onError: (error) => message.error(error.message),
        })
      }
      overlayStyle={{ maxWidth: 360 }}
    >
      <Button danger loading={close.isPending} data-testid="close-campaign">
        {t("annual.close")}
      </Button>
    </Popconfirm>
  );
}
