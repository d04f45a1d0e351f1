import {
  AGE_BANDS,
  type AgeBand,
  MEMBER_STATUSES,
  POLITICAL_STATUSES,
  type PoliticalStatusCode,
  SECTORS,
  type Sector,
} from "@tuanwu/domain";
import { Flex, Input, Select } from "antd";
import { useEffect, useState } from "react";
import type { MemberStatus } from "../../../api/types";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import type { MemberFilters } from "../api/member-queries";

interface MemberFilterBarProps {
  filters: MemberFilters;
  onChange: (changes: Partial<MemberFilters>) => void;
}

/** Search and the filters of the member list: status, sector, age band, cadre, political status. */
export function MemberFilterBar({ filters, onChange }: MemberFilterBarProps) {
  const t = useT();
  const labels = useLabels();
  const [search, setSearch] = useState(filters.q);
  useEffect(() => setSearch(filters.q), [filters.q]);
  const set = (changes: Partial<MemberFilters>) => onChange({ ...changes, page: 1 });

  return (
    <Flex gap={8} wrap data-testid="member-filters">
      <Input.Search
        allowClear
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => set({ q: value.trim() })}
        placeholder={t("members.searchPlaceholder")}
        style={{ width: 320 }}
        data-testid="member-search"
      />
      <Select<MemberStatus>
        allowClear
        value={filters.status}
        onChange={(status) => set({ status })}
        placeholder={t("members.statusAll")}
        options={MEMBER_STATUSES.map((status) => ({ value: status, label: labels.status(status) }))}
        style={{ width: 140 }}
        data-testid="member-status-filter"
      />
      <Select<Sector>
        allowClear
        value={filters.sector}
        onChange={(sector) => set({ sector })}
        placeholder={t("members.sectorAll")}
        options={SECTORS.map((sector) => ({ value: sector, label: labels.sector(sector) }))}
        style={{ width: 160 }}
        popupMatchSelectWidth={false}
        data-testid="member-sector-filter"
      />
      <Select<AgeBand>
        allowClear
        value={filters.ageBand}
        onChange={(ageBand) => set({ ageBand })}
        placeholder={t("members.ageBandAll")}
        options={AGE_BANDS.map((band) => ({ value: band, label: labels.ageBand(band) }))}
        style={{ width: 130 }}
        data-testid="member-age-band-filter"
      />
      <Select<"yes" | "no">
        allowClear
        value={filters.isCadre === undefined ? undefined : filters.isCadre ? "yes" : "no"}
        onChange={(value) => set({ isCadre: value === undefined ? undefined : value === "yes" })}
        placeholder={t("members.cadreAll")}
        options={[
          { value: "yes", label: t("members.cadreYes") },
          { value: "no", label: t("members.cadreNo") },
        ]}
        style={{ width: 130 }}
        data-testid="member-cadre-filter"
      />
      <Select<PoliticalStatusCode>
        allowClear
        value={filters.politicalStatus}
        onChange={(politicalStatus) => set({ politicalStatus })}
        placeholder={t("members.politicalStatusAll")}
        options={POLITICAL_STATUSES.map((entry) => ({
          value: entry.code,
          label: labels.dictionary("politicalStatuses", entry.code),
        }))}
        style={{ width: 150 }}
        popupMatchSelectWidth={false}
        data-testid="member-political-status-filter"
      />
    </Flex>
  );
}
