import { Empty, Flex, Tag, Timeline, Typography } from "antd";
import dayjs from "dayjs";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useMemberEvents } from "../hooks/use-archive";

const EVENT_COLORS: Readonly<Record<string, string>> = {
  joined: "green",
  imported: "green",
  restored: "green",
  awarded: "gold",
  punished: "red",
  expelled: "red",
  lapsed: "orange",
  withdrawn: "gray",
  aged_out: "gray",
  status_change_returned: "orange",
  correction_returned: "orange",
  attachment_returned: "orange",
};

/** 档案: every event of the member's life on one timeline, oldest first, with who recorded it and when. */
export function MemberTimeline({ memberId }: { memberId: number }) {
  const t = useT();
  const labels = useLabels();
  const events = useMemberEvents(memberId);

  if (events.isPending) return <PageSpinner />;
  if (events.isError) return <ErrorResult error={events.error} onRetry={() => void events.refetch()} />;

  return (
    <div data-testid="member-timeline">
      {events.data.length === 0 ? (
        <Empty description={t("archive.noEvents")} />
      ) : (
        <Timeline
          items={events.data.map((event) => ({
            key: event.id,
            color: EVENT_COLORS[event.kind] ?? "blue",
            title: event.occurredOn,
            content: (
              <Flex vertical gap={2} data-testid="member-timeline-event">
                <Flex gap={8} align="center" wrap>
                  <Tag>{labels.eventKind(event.kind)}</Tag>
                  <Typography.Text>{event.summary}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("archive.recordedBy", {
                    actor: event.actorName,
                    at: dayjs(event.recordedAt).format("YYYY-MM-DD HH:mm"),
                  })}
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      )}
    </div>
  );
}
