import {
  MEMBER_RECORD_FIELD_NAMES,
  type MemberRecordField,
  TRANSFER_KINDS,
  TRANSFER_REASONS,
} from "@tuanwu/domain";
import { Alert, type ButtonProps, Col, Divider, Form, Input, Modal, Row, Select, Typography } from "antd";
import { isApiError } from "../../../api/errors";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { localizeDomainMessage } from "../../../i18n/domain-messages";
import { useLocale, useT } from "../../../i18n/use-t";
import { MemberRecordFields } from "../../members/components/MemberRecordFields";
import { type MemberFormValues, toRecordBody } from "../../members/components/member-form-values";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { IncomingLetterBody, TransferDetail } from "../api/transfer-queries";
import { useRegisterIncomingLetter } from "../hooks/use-transfers";
import { useTransferLabels } from "../transfer-labels";

/** The letter's own fields (the member's record fields sit beside them in the same form). */
const LETTER_FIELDS = [
  "branchId",
  "fromExternalName",
  "letterNumber",
  "reason",
  "kind",
  "receivedOn",
] as const;

/** Every field a server error may name: "member.name" is shown on `name` (fieldErrorOf keeps the last part). */
const FIELDS: readonly string[] = [...LETTER_FIELDS, ...MEMBER_RECORD_FIELD_NAMES];

type LetterValues = {
  branchId?: number;
  fromExternalName?: string;
  letterNumber?: string;
  reason?: IncomingLetterBody["reason"];
  kind?: IncomingLetterBody["kind"];
  receivedOn?: string;
};

type IncomingLetterValues = LetterValues & MemberFormValues;

interface IncomingLetterModalProps {
  /** The organization the user works in: a branch receives the member itself; above one, a branch is chosen. */
  organization: { id: number; name: string; kind: string };
  /** Prefilled record fields (e.g. a member's name and citizen ID). */
  initialMember?: MemberFormValues;
  onClose: () => void;
  onRegistered: (transfer: TransferDetail) => void;
}

/**
 * 登记转入介绍信 (issue 11 part 3): an incoming paper letter 组织关系介绍信 from an organization tuanwu does
 * not hold, registered as a completed transfer in (POST /organizations/{branchId}/transfers/incoming-letters,
 * member:write). The form holds the letter (issuing organization, number, reason, kind, date received) and
 * the member's record, checked as it is typed by the domain's record schema (MemberRecordFields); a
 * server 400 shows on the field it names ("member.name" on 姓名), a 409 (the citizen ID is already a
 * member's — start a transfer instead; the letter is already registered) above the form when it names
 * no field here.
 */
export function IncomingLetterModal({
  organization,
  initialMember,
  onClose,
  onRegistered,
}: IncomingLetterModalProps) {
  const t = useT();
  const { locale } = useLocale();
  const labels = useTransferLabels();
  const [form] = Form.useForm<IncomingLetterValues>();
  const register = useRegisterIncomingLetter();
  const isBranch = organization.kind === "branch";

  const onFinish = (values: IncomingLetterValues) => {
    const branchId = isBranch ? organization.id : values.branchId;
    if (branchId === undefined || !values.reason || !values.kind || !values.receivedOn) return;
    const letterNumber = values.letterNumber?.trim();
    const body: IncomingLetterBody = {
      // Checked by the record schema the server applies again (as toCreateBody); 证件类型 is always set here.
      member: toRecordBody(values) as IncomingLetterBody["member"],
      fromExternalName: values.fromExternalName?.trim() ?? "",
      letterNumber: letterNumber ? letterNumber : undefined,
      reason: values.reason,
      kind: values.kind,
      receivedOn: values.receivedOn,
    };
    register.mutate(
      { branchId, body },
      {
        onSuccess: (transfer) => onRegistered(transfer),
        onError: (error) => {
          const field = fieldErrorOf(error, FIELDS);
          if (!field) return;
          form.setFields([
            {
              name: field.name as keyof IncomingLetterValues,
              errors: [localizeDomainMessage(field.message, locale)],
            },
          ]);
          form.scrollToField(field.name as keyof IncomingLetterValues);
        },
      },
    );
  };

  const unnamedError = register.error && !fieldErrorOf(register.error, FIELDS) ? register.error : undefined;

  return (
    <Modal
      open
      width={960}
      title={t("transfers.incomingLetter")}
      okText={t("transfers.incomingSubmit")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={register.isPending}
      okButtonProps={{ "data-testid": "incoming-letter-submit" } as ButtonProps}
      destroyOnHidden
    >
      {unnamedError && (
        <Alert
          type={isApiError(unnamedError, 409) ? "warning" : "error"}
          showIcon
          title={errorMessageOf(unnamedError, t("common.error"))}
          style={{ marginBottom: 16 }}
          data-testid="incoming-letter-error"
        />
      )}
      <Typography.Paragraph type="secondary" data-testid="incoming-letter-hint">
        {t("transfers.incomingLetterHint", { organization: organization.name })}
      </Typography.Paragraph>
      <Form<IncomingLetterValues>
        form={form}
        layout="vertical"
        initialValues={{
          idDocumentType: "resident_id_card",
          politicalStatus: "league_member",
          ...initialMember,
          kind: "ordinary",
          receivedOn: todayIso(),
        }}
        onFinish={onFinish}
        scrollToFirstError
        data-testid="incoming-letter-form"
      >
        <Row gutter={16}>
          {!isBranch && (
            <Col xs={24} md={12}>
              <Form.Item
                name="branchId"
                label={t("transfers.incomingBranch")}
                rules={[{ required: true, message: t("transfers.incomingBranchRequired") }]}
              >
                <OrganizationSearchSelect
                  exclude={(candidate) => candidate.kind !== "branch"}
                  placeholder={t("transfers.incomingBranchRequired")}
                  data-testid="incoming-letter-branch"
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item
              name="fromExternalName"
              label={t("transfers.incomingFrom")}
              rules={[{ required: true, whitespace: true, message: t("transfers.incomingFromRequired") }]}
            >
              <Input maxLength={100} data-testid="incoming-letter-from" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="letterNumber" label={t("transfers.incomingLetterNumber")}>
              <Input maxLength={50} data-testid="incoming-letter-number" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="reason"
              label={t("transfers.reason")}
              rules={[{ required: true, message: t("transfers.incomingReasonRequired") }]}
            >
              <Select
                options={TRANSFER_REASONS.map((reason) => ({ value: reason, label: labels.reason(reason) }))}
                data-testid="incoming-letter-reason"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t("transfers.kind")} rules={[{ required: true }]}>
              <Select
                options={TRANSFER_KINDS.map((kind) => ({ value: kind, label: labels.kind(kind) }))}
                data-testid="incoming-letter-kind"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="receivedOn"
              label={t("transfers.incomingReceivedOn")}
              rules={[{ required: true }]}
            >
              <DateStringPicker data-testid="incoming-letter-received-on" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t("transfers.incomingMember")}</Divider>
        <MemberRecordFields hidden={HIDDEN_RECORD_FIELDS} />
      </Form>
    </Modal>
  );
}

/** The member's branch is the letter's receiving branch, not a record field here. */
const HIDDEN_RECORD_FIELDS: readonly MemberRecordField[] = ["organizationId"];
