import { LockOutlined } from "@ant-design/icons";
import { isMemberCadreViewField, type MemberRecordField } from "@tuanwu/domain";
import { Alert, Button, Descriptions, Flex, Tag, Tooltip, Typography } from "antd";
import { Link } from "react-router";
import type { MemberDetail } from "../../../api/types";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { MemberFieldValue } from "./MemberFieldValue";
import { MEMBER_SECTIONS } from "./member-sections";

interface MemberRecordViewProps {
  member: MemberDetail;
  /** Shown beside locked fields when the user may ask for a correction. */
  onRequestCorrection?: () => void;
}

/**
 * 基本信息: every registry field in sections; fields locked after verification marked 🔒, fields
 * missing for 信息完整率 highlighted; citizen ID and phone masked or full as the server sends them.
 */
export function MemberRecordView({ member, onRequestCorrection }: MemberRecordViewProps) {
  const t = useT();
  const labels = useLabels();
  const missing = new Set<string>(member.missingFields);
  const locked = new Set<string>(member.lockedFields);

  const labelOf = (field: MemberRecordField) => (
    <Flex gap={4} align="center">
      <span>{labels.field(field)}</span>
      {isMemberCadreViewField(field) && (
        <Tooltip title={t("member.cadreFromRecordsHint")}>
          <Tag data-testid={`member-cadre-view-${field}`}>{t("member.cadreFromRecords")}</Tag>
        </Tooltip>
      )}
      {locked.has(field) && (
        <Tooltip title={t("member.lockedHint")}>
          <LockOutlined data-testid={`member-locked-${field}`} />
        </Tooltip>
      )}
    </Flex>
  );

  return (
    <Flex vertical gap={12} data-testid="member-record">
      {missing.size > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t("member.incomplete", { count: missing.size })}
          description={member.missingFields.map((field) => labels.field(field)).join("、")}
          data-testid="member-missing-fields"
        />
      ) : (
        <Alert type="success" showIcon title={t("member.complete")} />
      )}
      {!member.personalDataVisible && (
        <Typography.Text type="secondary">{t("member.personalDataMasked")}</Typography.Text>
      )}
      {locked.size > 0 && onRequestCorrection && (
        <Flex gap={8} align="center">
          <Typography.Text type="secondary">
            <LockOutlined /> {t("member.lockedExplained")}
          </Typography.Text>
          <Button size="small" onClick={onRequestCorrection} data-testid="member-request-correction">
            {t("member.requestCorrection")}
          </Button>
        </Flex>
      )}
      {MEMBER_SECTIONS.map((section) => (
        <Descriptions
          key={section.key}
          title={t(section.title)}
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={section.fields.map((field) => ({
            key: field,
            label: labelOf(field),
            children: missing.has(field) ? (
              <Tag color="error" data-testid={`member-missing-${field}`}>
                {t("member.missing")}
              </Tag>
            ) : (
              <MemberFieldValue member={member} field={field} />
            ),
          }))}
          extra={
            section.key === "cadre" ? (
              <Link to={`/orgs/${member.organization.id}/cadres`} data-testid="member-cadre-link">
                {t("member.cadreRecordsLink")}
              </Link>
            ) : undefined
          }
        />
      ))}
      <Flex vertical gap={4} data-testid="member-cadre-records">
        <Typography.Text type="secondary">{t("member.cadreFromRecordsHint")}</Typography.Text>
        {member.cadreRecords.length === 0 ? (
          <Typography.Text type="secondary">{t("member.noCadreRecords")}</Typography.Text>
        ) : (
          member.cadreRecords.map((record) => (
            <Link key={record.id} to={`/orgs/${record.organizationId}/cadres`}>
              {record.organizationName} · {record.postLabel} · {record.startedOn}
            </Link>
          ))
        )}
      </Flex>
    </Flex>
  );
}
