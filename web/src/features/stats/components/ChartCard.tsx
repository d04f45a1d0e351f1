import { Card, Empty } from "antd";
import type { ReactNode } from "react";
import { useT } from "../../../i18n/use-t";

interface ChartCardProps {
  title: string;
  testId: string;
  /** False when there is nothing to draw: shows "暂无数据" instead. */
  hasData: boolean;
  children: ReactNode;
}

export function ChartCard({ title, testId, hasData, children }: ChartCardProps) {
  const t = useT();
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: "100%" }}>
      {hasData ? (
        children
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.noData")} />
      )}
    </Card>
  );
}
