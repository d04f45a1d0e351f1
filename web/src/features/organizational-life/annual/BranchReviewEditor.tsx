import { CheckCircleFilled, CloseCircleFilled } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Input, InputNumber, List, Modal, Select, Tag, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import {
  actionsOf,
  type BranchReview,
  REVIEW_GRADES,
  type ReviewGrade,
  useReviewTransition,
  useSaveReview,
} from "./annual-api";
import { useGradeLabel, useReviewStateLabel } from "./annual-labels";
import { percentOf, reviewChecks } from "./review-checks";

interface Line {
  memberId: number;
  name: string;
  selfAssessment: string;
  grade: ReviewGrade | null;
}

function Check({ ok, text, testId }: { ok: boolean; text: string; testId: string }) {
  return (
    <Typography.Text type={ok ? "success" : "danger"} data-testid={testId} data-ok={ok}>
      {ok ? <CheckCircleFilled /> : <CloseCircleFilled />} {text}
    </Typography.Text>
  );
}

/**
 * A branch's education review (团员教育评议), phone first (one column at 375 px): the review meeting's
 * date and attendance, each member's self-assessment and grade, the three submit checks computed live
 * (优秀 ≤ 30%, attendance > 2/3, everyone graded), save, and only the transitions the server lists in
 * `actions` (submit by the branch; approve / return with a reason by the committee). Editable while
 * the review is a draft or returned and the server offers `submit`.
 */
export function BranchReviewEditor({ review }: { review: BranchReview }) {
  const t = useT();
  const gradeLabel = useGradeLabel();
  const stateLabel = useReviewStateLabel();
  const actions = actionsOf(review);
  const editable = actions.some(({ action }) => action === "submit");
  const [meetingHeldOn, setMeetingHeldOn] = useState(review.meetingHeldOn ?? "");
  const [attendees, setAttendees] = useState<number | null>(review.attendeesCount);
  const [lines, setLines] = useState<Line[]>(
    review.members.map((member) => ({
      memberId: member.memberId,
      name: member.name,
      selfAssessment: member.selfAssessment ?? "",
      grade: member.grade,
    })),
  );
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState("");
  const save = useSaveReview(review.id);
  const transition = useReviewTransition(review.id);
  const checks = reviewChecks(
    lines.map((line) => line.grade),
    review.rollCount,
    attendees,
  );

  function update(memberId: number, change: Partial<Line>) {
    setLines((current) =>
      current.map((line) => (line.memberId === memberId ? { ...line, ...change } : line)),
    );
  }

  /** 其余评为合格: every member still ungraded gets 合格; grades already given stay. */
  function gradeRestQualified() {
    setLines((current) => current.map((line) => (line.grade ? line : { ...line, grade: "qualified" })));
  }

  function body() {
    return {
      ...(meetingHeldOn ? { meetingHeldOn } : {}),
      ...(attendees !== null ? { attendeesCount: attendees } : {}),
      grades: lines.map((line) => ({
        memberId: line.memberId,
        ...(line.selfAssessment ? { selfAssessment: line.selfAssessment } : {}),
        ...(line.grade ? { grade: line.grade } : {}),
      })),
    };
  }

  async function take(action: string) {
    if (action === "return") {
      setReturning(true);
      return;
    }
    // Submitting saves the draft first, so what the secretary sees is what the server checks.
    if (action === "submit") await save.mutateAsync(body());
    transition.mutate({ action, ...(review.version !== undefined ? { version: review.version } : {}) });
  }

  const error = save.error ?? transition.error;
  return (
    <Flex vertical gap={12} data-testid="branch-review">
      <Flex gap={8} align="center" wrap>
        <Tag color={review.state === "approved" ? "green" : review.state === "returned" ? "red" : "blue"}>
          <span data-testid="review-state">{stateLabel(review.state)}</span>
        </Tag>
        {review.returnReason && (
          <Typography.Text type="danger">
            {t("review.returnedBecause", { reason: review.returnReason })}
          </Typography.Text>
        )}
      </Flex>
      <Card size="small">
        <Flex vertical gap={8}>
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t("review.meetingHeldOn")}</Typography.Text>
            <Input
              type="date"
              value={meetingHeldOn}
              disabled={!editable}
              onChange={(event) => setMeetingHeldOn(event.target.value)}
              style={{ width: 160 }}
              aria-label={t("review.meetingHeldOn")}
              data-testid="review-meeting-date"
            />
          </Flex>
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t("review.attendees")}</Typography.Text>
            <InputNumber
              min={0}
              max={review.rollCount}
              value={attendees}
              disabled={!editable}
              onChange={(value) => setAttendees(value)}
              style={{ width: 100 }}
              aria-label={t("review.attendees")}
              data-testid="review-attendees"
            />
            <Typography.Text type="secondary">{t("review.roll", { roll: review.rollCount })}</Typography.Text>
          </Flex>
          <Check
            ok={checks.attendanceOk}
            testId="check-attendance"
            text={t("review.checkAttendance", { attendees: attendees ?? 0, roll: review.rollCount })}
          />
          <Check
            ok={checks.excellentOk}
            testId="check-excellent"
            text={t("review.checkExcellent", {
              count: checks.excellent,
              share: percentOf(checks.excellentShare),
            })}
          />
          <Check
            ok={checks.allGraded}
            testId="check-graded"
            text={t("review.checkGraded", { graded: checks.graded, roll: review.rollCount })}
          />
        </Flex>
      </Card>
      {editable && checks.graded < lines.length && (
        <Flex justify="flex-end">
          <Button onClick={gradeRestQualified} data-testid="review-grade-rest">
            {t("review.gradeRestQualified", { count: lines.length - checks.graded })}
          </Button>
        </Flex>
      )}
      <List
        size="small"
        bordered
        dataSource={lines}
        data-testid="review-members"
        renderItem={(line) => (
          <List.Item data-testid={`review-member-${line.memberId}`}>
            <Flex vertical gap={6} style={{ width: "100%" }}>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong>{line.name}</Typography.Text>
                <Select<ReviewGrade>
                  value={line.grade ?? undefined}
                  placeholder={t("review.ungraded")}
                  disabled={!editable}
                  onChange={(grade) => update(line.memberId, { grade })}
                  style={{ width: 128 }}
                  options={REVIEW_GRADES.map((grade) => ({ value: grade, label: gradeLabel(grade) }))}
                  aria-label={`${t("review.grade")} ${line.name}`}
                  data-testid={`review-grade-${line.memberId}`}
                />
              </Flex>
              <Input.TextArea
                value={line.selfAssessment}
                placeholder={t("review.selfAssessment")}
                disabled={!editable}
                autoSize={{ minRows: 1, maxRows: 4 }}
                onChange={(event) => update(line.memberId, { selfAssessment: event.target.value })}
                aria-label={`${t("review.selfAssessment")} ${line.name}`}
              />
            </Flex>
          </List.Item>
        )}
      />
      {error && <Alert type="error" showIcon title={error.message} data-testid="review-error" />}
      {save.isSuccess && !error && <Alert type="success" showIcon title={t("review.saved")} />}
      <Flex gap={8} wrap>
        {editable && (
          <Button loading={save.isPending} onClick={() => save.mutate(body())} data-testid="review-save">
            {t("review.save")}
          </Button>
        )}
        {actions.map(({ action, label }) => (
          <Button
            key={action}
            type={action === "return" ? "default" : "primary"}
            danger={action === "return"}
            disabled={action === "submit" && !checks.ok}
            loading={transition.isPending || (action === "submit" && save.isPending)}
            onClick={() => void take(action).catch(() => undefined)}
            data-testid={`review-action-${action}`}
          >
            {label ?? actionLabel(t, action)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={returning}
        title={t("review.returnReason")}
        onCancel={() => setReturning(false)}
        okButtonProps={{ disabled: reason.trim() === "" }}
        onOk={() =>
          transition.mutate(
            {
              action: "return",
              reason: reason.trim(),
              ...(review.version !== undefined ? { version: review.version } : {}),
            },
            { onSuccess: () => setReturning(false) },
          )
        }
      >
        <Input.TextArea
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder={t("review.returnReasonRequired")}
          data-testid="review-return-reason"
        />
      </Modal>
    </Flex>
  );
}

function actionLabel(t: ReturnType<typeof useT>, action: string): string {
  switch (action) {
    case "submit":
      return t("review.action.submit");
    case "approve":
      return t("review.action.approve");
    case "return":
      return t("review.action.return");
    default:
      return action;
  }
}
