import { App, Button, Flex, Table, type TableColumnsType, Tag, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { PlanUnitRow } from "../shared/plan-types";
import { useMapPlanUnit, usePlanUnits } from "./use-plan-units";

/**
 * 责任单位: the units the plan names, each mapped to an organization of the subtree (e.g. a township
 * committee) or kept as free text (e.g. 县委组织部); with plan:write, map or unmap a unit.
 */
export function PlanUnitsView({ planId }: { planId: number }) {
  const t = useT();
  const { message } = App.useApp();
  const canWrite = useCan("plan:write");
  const units = usePlanUnits(planId);
  const map = useMapPlanUnit();

  if (units.isPending) return <PageSpinner />;
  if (units.isError) return <ErrorResult error={units.error} onRetry={() => void units.refetch()} />;

  const save = (unitId: number, organizationId: number | null) =>
    map.mutate(
      { unitId, organizationId },
      {
        onSuccess: () => message.success(t("task.saved")),
        onError: (error) => message.error(errorMessageOf(error, t("common.error"))),
      },
    );

  const columns: TableColumnsType<PlanUnitRow> = [
    { title: t("plans.units"), dataIndex: "name", width: 240 },
    {
      title: t("units.tasks"),
      dataIndex: "taskNumbers",
      render: (numbers: number[]) => <Typography.Text type="secondary">{numbers.join("、")}</Typography.Text>,
    },
    {
      title: t("units.organization"),
      key: "organization",
      width: 340,
      render: (_, unit) =>
        canWrite ? (
          <Flex gap={4} align="center">
            {unit.organizationName ? <Tag color="blue">{unit.organizationName}</Tag> : null}
            <div style={{ flex: 1 }}>
              <OrganizationSearchSelect
                value={null}
                placeholder={t("units.mapTo")}
                onChange={(organizationId) => save(unit.id, organizationId)}
              />
            </div>
            {unit.organizationId !== null && (
              <Button size="small" type="link" onClick={() => save(unit.id, null)}>
                {t("units.unmap")}
              </Button>
            )}
          </Flex>
        ) : unit.organizationName ? (
          <Tag color="blue">{unit.organizationName}</Tag>
        ) : (
          <Typography.Text type="secondary">{t("units.freeText")}</Typography.Text>
        ),
    },
  ];

  return (
    <Flex vertical gap={8} data-testid="plan-units">
      <Typography.Text type="secondary">{t("units.hint")}</Typography.Text>
      <Table<PlanUnitRow>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={units.data.units}
        pagination={false}
      />
    </Flex>
  );
}
