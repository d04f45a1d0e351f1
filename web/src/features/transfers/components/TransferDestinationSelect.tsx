import { SearchOutlined } from "@ant-design/icons";
import { Flex, Select, Spin, Typography } from "antd";
import { useState } from "react";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useDebouncedValue } from "../../organizations/hooks/use-debounced-value";
import type { TransferDestination } from "../api/transfer-queries";
import { useTransferDestinations } from "../hooks/use-transfers";

interface TransferDestinationSelectProps {
  id?: string;
  value?: number | null;
  onChange?: (id: number, destination: TransferDestination) => void;
  placeholder?: string;
  "data-testid"?: string;
}

/**
 * The receiving organization of a transfer, found by name across the whole installation (GET
 * /transfers/destinations?q=, 2 characters or more): each with its kind and its ancestors' names, so that
 * a member or the sending side can name an organization outside their own scope (issue 11 part 2).
 */
export function TransferDestinationSelect(props: TransferDestinationSelectProps) {
  const { id, value, onChange, placeholder } = props;
  const t = useT();
  const labels = useLabels();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<TransferDestination | null>(null);
  const q = useDebouncedValue(search.trim());
  const results = useTransferDestinations(q);
  const found = results.data ?? [];
  const destinations =
    chosen && chosen.id === value && !found.some((destination) => destination.id === chosen.id)
      ? [chosen, ...found]
      : found;

  return (
    <Select<number>
      id={id}
      data-testid={props["data-testid"]}
      style={{ width: "100%" }}
      value={value ?? null}
      placeholder={placeholder ?? t("transfers.toPlaceholder")}
      prefix={<SearchOutlined />}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      optionLabelProp="title"
      options={destinations.map((destination) => ({
        value: destination.id,
        title: destination.name,
        label: (
          <Flex vertical>
            <Flex justify="space-between" gap={8}>
              <span>{destination.name}</span>
              <Typography.Text type="secondary">{labels.kind(destination.kind)}</Typography.Text>
            </Flex>
            {destination.ancestorNames.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {destination.ancestorNames.join(" / ")}
              </Typography.Text>
            )}
          </Flex>
        ),
      }))}
      notFoundContent={
        results.isFetching ? <Spin size="small" /> : q.length < 2 ? t("transfers.destinationHint") : null
      }
      onChange={(selected) => {
        const destination = destinations.find((candidate) => candidate.id === selected);
        if (!destination) return;
        setChosen(destination);
        onChange?.(selected, destination);
      }}
    />
  );
}
