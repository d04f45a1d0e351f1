import { SearchOutlined } from "@ant-design/icons";
import { Flex, Select, Spin, Typography } from "antd";
import { useState } from "react";
import type { OrganizationSummary } from "../../../api/types";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useDebouncedValue } from "../hooks/use-debounced-value";
import { useOrganizationSearch } from "../hooks/use-organizations";

interface OrganizationSearchSelectProps {
  id?: string;
  value?: number | null;
  /** Called with the chosen organization's id and summary. */
  onChange?: (id: number, organization: OrganizationSummary) => void;
  /** Hide some results, e.g. the organization being moved. */
  exclude?: (organization: OrganizationSummary) => boolean;
  placeholder?: string;
  "data-testid"?: string;
}

/** Finds organizations in the user's scope by name or pinyin initials (GET /organizations?q=). */
export function OrganizationSearchSelect(props: OrganizationSearchSelectProps) {
  const { id, value, onChange, exclude, placeholder } = props;
  const t = useT();
  const labels = useLabels();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<OrganizationSummary | null>(null);
  const q = useDebouncedValue(search.trim());
  const results = useOrganizationSearch(q);
  const found = (results.data ?? []).filter((organization) => !exclude?.(organization));
  // Keep the chosen one among the options so its name, not its id, shows once the search is cleared.
  const organizations =
    chosen && chosen.id === value && !found.some((organization) => organization.id === chosen.id)
      ? [chosen, ...found]
      : found;

  const options = organizations.map((organization) => ({
    value: organization.id,
    label: (
      <Flex justify="space-between" gap={8}>
        <span>{organization.name}</span>
        <Typography.Text type="secondary">{labels.kind(organization.kind)}</Typography.Text>
      </Flex>
    ),
  }));

  return (
    <Select<number>
      id={id}
      data-testid={props["data-testid"]}
      style={{ width: "100%" }}
      value={value ?? null}
      placeholder={placeholder ?? t("org.searchPlaceholder")}
      prefix={<SearchOutlined />}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      options={options}
      notFoundContent={results.isFetching ? <Spin size="small" /> : null}
      onChange={(selected) => {
        const organization = organizations.find((candidate) => candidate.id === selected);
        if (!organization) return;
        setChosen(organization);
        onChange?.(selected, organization);
        setSearch("");
      }}
      popupMatchSelectWidth={false}
    />
  );
}
