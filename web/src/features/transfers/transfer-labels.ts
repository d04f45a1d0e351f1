import {
  GRADUATE_DESTINATION_LABELS,
  type Label,
  TRANSFER_KIND_LABELS,
  TRANSFER_REASON_LABELS,
  TRANSFER_STATE_LABELS,
  TRANSFER_WORKFLOW,
} from "@tuanwu/domain";
import { useMemo } from "react";
import { useLocale } from "../../i18n/use-t";

const ACTION_LABELS: Readonly<Record<string, Label>> = Object.fromEntries(
  TRANSFER_WORKFLOW.transitions.map((transition) => [transition.action, transition.label]),
);

const MAPS = {
  state: TRANSFER_STATE_LABELS as Readonly<Record<string, Label>>,
  action: ACTION_LABELS,
  reason: TRANSFER_REASON_LABELS as Readonly<Record<string, Label>>,
  kind: TRANSFER_KIND_LABELS as Readonly<Record<string, Label>>,
  destination: GRADUATE_DESTINATION_LABELS as Readonly<Record<string, Label>>,
};

/** A transfer's labels (state, action, reason, kind, destination) in the current language; the code when unknown. */
export type TransferLabels = Record<keyof typeof MAPS, (code: string) => string>;

export function useTransferLabels(): TransferLabels {
  const { locale } = useLocale();
  return useMemo(() => {
    const pick = (map: Readonly<Record<string, Label>>) => (code: string) => {
      const label = map[code];
      return label ? (locale === "en" ? label.en : label.zh) : code;
    };
    return {
      state: pick(MAPS.state),
      action: pick(MAPS.action),
      reason: pick(MAPS.reason),
      kind: pick(MAPS.kind),
      destination: pick(MAPS.destination),
    };
  }, [locale]);
}
