import {
  Alert,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Input,
  InputNumber,
  List,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { SilentBranches } from "../api/meeting-queries";
import { useBranchRoll, useCreateMeeting, useMeetingCalendar, useSilentBranches } from "../api/use-meetings";
import { MeetingForm, todayInChina } from "../components/MeetingForm";
import { useMeetingKindLabel } from "../org-life-labels";
import { meetingPath, meetingsPath } from "../org-life-paths";
import { LeagueSchoolReport } from "./LeagueSchoolReport";

/**
 * /orgs/:orgId/meetings: 组织生活. A branch: its meetings of a month (phone first, one column at 375 px)
 * and recording one in a drawer (MeetingForm, attendees from the roll). A committee: its branches that
 * have held no meeting for more than N weeks (silent branches, default 8).
 */
export function MeetingsTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const isBranch = organization.kind === "branch";
  return (
    <Flex vertical gap={12} data-testid="meetings-tab">
      {isBranch ? <BranchMeetings organizationId={organization.id} /> : null}
      {!isBranch && <SilentBranchesCard organizationId={organization.id} />}
      {!isBranch && <LeagueSchoolReport organizationId={organization.id} />}
      {!isBranch && <Typography.Text type="secondary">{t("meetings.notBranch")}</Typography.Text>}
    </Flex>
  );
}

function BranchMeetings({ organizationId }: { organizationId: number }) {
  const t = useT();
  const navigate = useNavigate();
  const kindLabel = useMeetingKindLabel();
  const abilities = useAbilities();
  const canWrite = abilities.can("member:write");
  const [month, setMonth] = useState(todayInChina().slice(0, 7));
  const [recording, setRecording] = useState(false);
  const calendar = useMeetingCalendar(organizationId, month);
  const roll = useBranchRoll(organizationId, recording);
  const create = useCreateMeeting(organizationId);
  const meetings = (calendar.data?.days ?? []).flatMap((day) => day.meetings);

  return (
    <>
      <Flex gap={8} wrap align="center">
        <Input
          type="month"
          value={month}
          onChange={(event) => event.target.value && setMonth(event.target.value)}
          style={{ width: 160 }}
          aria-label={t("meetings.month")}
          data-testid="meetings-month"
        />
        {canWrite && (
          <Button type="primary" onClick={() => setRecording(true)} data-testid="meetings-record">
            {t("meetings.record")}
          </Button>
        )}
      </Flex>
      {calendar.isError ? (
        <ErrorResult error={calendar.error} />
      ) : (
        <List
          loading={calendar.isLoading}
          dataSource={meetings}
          locale={{ emptyText: <Empty description={t("meetings.empty")} /> }}
          data-testid="meetings-list"
          renderItem={(meeting) => (
            <List.Item
              onClick={() => navigate(meetingPath(organizationId, meeting.id))}
              style={{ cursor: "pointer" }}
              data-testid={`meeting-${meeting.id}`}
            >
              <List.Item.Meta
                title={
                  <Flex gap={6} wrap align="center">
                    <Tag color="red">{kindLabel(meeting.kind)}</Tag>
                    <span>{meeting.topic}</span>
                  </Flex>
                }
                description={`${meeting.heldOn} · ${t("meetings.counts", { present: meeting.presentCount, absent: meeting.absentCount })}${meeting.classHours ? ` · ${meeting.classHours} ${t("meetings.classHours")}` : ""}`}
              />
            </List.Item>
          )}
        />
      )}
      <Drawer
        open={recording}
        onClose={() => setRecording(false)}
        title={t("meetings.record")}
        size="large"
        styles={{ wrapper: { maxWidth: "100vw" } }}
        destroyOnHidden
      >
        {roll.isError ? (
          <ErrorResult error={roll.error} />
        ) : roll.isLoading ? null : (
          <MeetingForm
            roll={roll.data ?? []}
            submitting={create.isPending}
            error={create.error}
            onCancel={() => setRecording(false)}
            onSubmit={(body) =>
              create.mutate(body, {
                onSuccess: (meeting) => {
                  setRecording(false);
                  navigate(meetingPath(organizationId, meeting.id));
                },
              })
            }
          />
        )}
      </Drawer>
    </>
  );
}

type SilentItem = SilentBranches["items"][number];

function SilentBranchesCard({ organizationId }: { organizationId: number }) {
  const t = useT();
  const navigate = useNavigate();
  const [weeks, setWeeks] = useState(8);
  const silent = useSilentBranches(organizationId, weeks, true);
  return (
    <Card
      title={t("meetings.silent")}
      size="small"
      extra={
        <Flex gap={4} align="center">
          <Typography.Text type="secondary">{t("meetings.silentWeeks")}</Typography.Text>
          <InputNumber
            size="small"
            min={1}
            max={52}
            value={weeks}
            onChange={(value) => value && setWeeks(value)}
            data-testid="silent-weeks"
          />
        </Flex>
      }
      data-testid="silent-branches"
    >
      {silent.isError ? (
        <ErrorResult error={silent.error} />
      ) : (
        <>
          {silent.data?.truncated && <Alert type="info" title={t("meetings.truncated")} />}
          <Table<SilentItem>
            size="small"
            rowKey="organizationId"
            loading={silent.isLoading}
            dataSource={silent.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            locale={{ emptyText: t("meetings.silentNone", { weeks }) }}
            onRow={(item) => ({
              onClick: () => navigate(meetingsPath(item.organizationId)),
              style: { cursor: "pointer" },
            })}
            columns={[
              { title: t("meetings.branch"), dataIndex: "organizationName" },
              { title: t("meetings.parent"), dataIndex: "parentName" },
              {
                title: t("meetings.lastHeldOn"),
                dataIndex: "lastHeldOn",
                render: (value: string | null, item) =>
                  value
                    ? `${value}（${t("meetings.weeksSince", { weeks: item.weeksSince ?? 0 })}）`
                    : t("meetings.never"),
              },
              { title: t("meetings.memberCount"), dataIndex: "memberCount", align: "right" },
            ]}
          />
        </>
      )}
    </Card>
  );
}
