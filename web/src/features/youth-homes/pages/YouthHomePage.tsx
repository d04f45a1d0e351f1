import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { StandardTags } from "../components/StandardTags";
import {
  useDelistYouthHome,
  useRecordServices,
  useUpdateYouthHome,
  useYouthHome,
} from "../hooks/use-youth-homes";
import { kindKey, STANDARD_ITEMS, STANDARD_KEYS, type StandardItem } from "../youth-labels";

/**
 * /orgs/:orgId/youth-homes/:homeId — one Youth Home or service post (issue 14 part 1): its place in the
 * tree, operator, the 五有 checklist (editable by youth_home:write), subsidy, services in person-times per
 * month, its activities' counts, and 摘牌 with a reason (domain.md §7: inactive demonstration homes).
 */
export function YouthHomePage() {
  const t = useT();
  const homeId = parseOrganizationId(useParams().homeId);
  const abilities = useAbilities();
  const home = useYouthHome(homeId);
  const update = useUpdateYouthHome(homeId ?? 0);
  const delist = useDelistYouthHome(homeId ?? 0);
  const services = useRecordServices(homeId ?? 0);
  const [delisting, setDelisting] = useState(false);
  const [reason, setReason] = useState("");
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [personTimes, setPersonTimes] = useState<number | null>(null);
  if (home.isPending) return <PageSpinner />;
  if (home.isError) return <ErrorResult error={home.error} onRetry={() => home.refetch()} />;
  const data = home.data;
  const writable = abilities.can("youth_home:write") && !data.delistedOn;
  const toggle = (item: StandardItem, value: boolean) =>
    update.mutate({ standard: { ...data.standard, [item]: value } });
  return (
    <Flex vertical gap={16} data-testid="youth-home">
      <Card
        title={
          <Space>
            {data.name}
            <Tag>{t(kindKey(data.kind))}</Tag>
            {data.isDemonstration && <Tag color="gold">{t("youth.homes.demonstration")}</Tag>}
            {data.delistedOn && <Tag>{t("youth.homes.delisted")}</Tag>}
            {data.delistingDue && !data.delistedOn && (
              <Tag color="red">{t("youth.homes.dueForDelisting")}</Tag>
            )}
          </Space>
        }
        extra={
          writable && (
            <Button danger onClick={() => setDelisting(true)} data-testid="youth-home-delist">
              {t("youth.homes.delist")}
            </Button>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("youth.homes.organization")}>{data.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.address")}>{data.address}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.operator")}>{data.operator}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.subsidy")}>{data.subsidyYuanPerYear}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.listedOn")}>{data.listedOn}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.activities")}>{data.counts.activities}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.lastActivityOn")}>{data.lastActivityOn}</Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.participants")}>
            {data.counts.participants}
          </Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.personTimes")}>
            {data.counts.servicePersonTimes}
          </Descriptions.Item>
          {data.delistedOn && (
            <Descriptions.Item label={t("youth.homes.delistReason")}>
              {data.delistedOn} {data.delistedReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t("youth.homes.standard")} size="small">
        {writable ? (
          <Flex gap={12} wrap data-testid="standard-checklist">
            {STANDARD_ITEMS.map((item) => (
              <Checkbox
                key={item}
                checked={data.standard[item]}
                disabled={update.isPending}
                onChange={(event) => toggle(item, event.target.checked)}
              >
                {t(STANDARD_KEYS[item])}
              </Checkbox>
            ))}
          </Flex>
        ) : (
          <StandardTags standard={data.standard} />
        )}
        <FormErrorAlert error={update.error} fieldNames={[]} style={{ marginTop: 8 }} />
      </Card>
      <Card title={t("youth.homes.services")} size="small">
        {writable && (
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <DatePicker
              picker="month"
              value={month}
              onChange={setMonth}
              aria-label={t("youth.homes.month")}
            />
            <InputNumber
              min={0}
              max={1_000_000}
              precision={0}
              value={personTimes}
              onChange={setPersonTimes}
              placeholder={t("youth.homes.personTimes")}
            />
            <Button
              disabled={!month || personTimes === null}
              loading={services.isPending}
              onClick={() =>
                month &&
                personTimes !== null &&
                services.mutate({ month: month.format("YYYY-MM"), body: { personTimes } })
              }
            >
              {t("youth.homes.saveServices")}
            </Button>
          </Flex>
        )}
        <FormErrorAlert error={services.error} fieldNames={[]} style={{ marginBottom: 8 }} />
        <Table
          rowKey="month"
          size="small"
          pagination={false}
          dataSource={data.services}
          columns={[
            {
              title: t("youth.homes.month"),
              dataIndex: "month",
              render: (value: string) => value.slice(0, 7),
            },
            { title: t("youth.homes.personTimes"), dataIndex: "personTimes", align: "right" },
          ]}
        />
      </Card>
      <Modal
        open={delisting}
        title={t("youth.homes.delist")}
        onCancel={() => setDelisting(false)}
        okButtonProps={{ danger: true, disabled: reason.trim() === "" }}
        confirmLoading={delist.isPending}
        onOk={() => delist.mutate({ reason: reason.trim() }, { onSuccess: () => setDelisting(false) })}
      >
        {data.delistingDue && <Alert type="warning" showIcon title={t("youth.homes.dueForDelisting")} />}
        <FormErrorAlert error={delist.error} fieldNames={[]} style={{ marginTop: 8 }} />
        <Input.TextArea
          style={{ marginTop: 8 }}
          placeholder={t("youth.homes.delistReason")}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.target.value)}
        />
      </Modal>
    </Flex>
  );
}
