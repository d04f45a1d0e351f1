import { ArrowLeftOutlined } from "@ant-design/icons";
import { Button, Flex, Typography } from "antd";
import { Link } from "react-router";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { EnteredDataSection } from "../components/EnteredDataSection";
import { indicatorsPath } from "../indicator-routes";

/**
 * 填报数据: the figures the registry cannot count — youth population, school enrollment, eligible
 * units — entered by the organization, with their source; the denominators of 团青比, 团学比, 建团率.
 */
export function EnteredDataPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const canWrite = useCan("organization:write");
  return (
    <Flex vertical gap={16} data-testid="entered-data">
      <Flex align="center" gap={12}>
        <Link to={indicatorsPath(organization.id)}>
          <Button icon={<ArrowLeftOutlined />}>{t("indicators.back")}</Button>
        </Link>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("entered.title")}
        </Typography.Title>
      </Flex>
      <Typography.Text type="secondary">{t("entered.hint")}</Typography.Text>
      <EnteredDataSection organizationId={organization.id} path="youth-population" canWrite={canWrite} />
      <EnteredDataSection organizationId={organization.id} path="school-enrollment" canWrite={canWrite} />
      <EnteredDataSection organizationId={organization.id} path="eligible-units" canWrite={canWrite} />
    </Flex>
  );
}
