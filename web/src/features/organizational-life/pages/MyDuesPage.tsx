import { useQuery } from "@tanstack/react-query";
import { DUES_CATEGORY_LABELS } from "@tuanwu/domain";
import { Card, Empty, List, Tag, Typography } from "antd";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";

/** /me/dues: 我的团费 — the member's payments by month and unpaid months, phone first (GET /me/dues). */
export function MyDuesPage() {
  const t = useT();
  const dues = useQuery({
    queryKey: [...queryKeys.myPages, "dues"],
    queryFn: () => unwrap(api.GET("/api/v1/me/dues")),
  });
  if (dues.isError) return <ErrorResult error={dues.error} />;
  if (!dues.data) return <PageSpinner />;
  const { payments, arrearsMonths } = dues.data;
  return (
    <Card size="small" title={t("me.dues")} data-testid="my-dues">
      <Typography.Paragraph>
        {t("me.duesArrears")}:{" "}
        {arrearsMonths.length === 0
          ? t("me.duesNone")
          : arrearsMonths.map((month) => (
              <Tag key={month} color="orange">
                {month.slice(0, 7)}
              </Tag>
            ))}
      </Typography.Paragraph>
      <List
        dataSource={payments}
        locale={{ emptyText: <Empty /> }}
        renderItem={(payment) => (
          <List.Item>
            <Typography.Text>
              {payment.month.slice(0, 7)} · ¥{payment.amountYuan.toFixed(2)} ·{" "}
              {DUES_CATEGORY_LABELS[payment.category]} · {payment.paidOn}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
