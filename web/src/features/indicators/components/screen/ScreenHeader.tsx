import { ArrowLeftOutlined, CompressOutlined, ExpandOutlined } from "@ant-design/icons";
import { Button, Flex } from "antd";
import dayjs from "dayjs";
import { Link } from "react-router";
import { useT } from "../../../../i18n/use-t";
import { useClock, useFullScreen } from "../../hooks/use-screen";
import { indicatorsPath } from "../../indicator-routes";
import { SCREEN_ACCENT, SCREEN_MUTED, SCREEN_TEXT } from "./screen-theme";

interface ScreenHeaderProps {
  organizationId: number;
  organizationName: string;
  /** When the figures were last fetched (ms since the epoch), 0 before the first answer. */
  updatedAt: number;
}

/** Title, clock, "updated at", and the full-screen and back buttons (hidden in full screen). */
export function ScreenHeader({ organizationId, organizationName, updatedAt }: ScreenHeaderProps) {
  const t = useT();
  const now = useClock();
  const [isFullScreen, toggleFullScreen] = useFullScreen();
  return (
    <Flex align="center" justify="space-between" gap={16} style={{ padding: "12px 24px" }}>
      <div style={{ color: SCREEN_MUTED, fontSize: 18, minWidth: 260 }} data-testid="screen-clock">
        <div style={{ color: SCREEN_TEXT, fontSize: 30, fontVariantNumeric: "tabular-nums" }}>
          {dayjs(now).format("HH:mm:ss")}
        </div>
        <div>{dayjs(now).format("YYYY-MM-DD dddd")}</div>
      </div>
      <h1
        style={{ color: SCREEN_TEXT, fontSize: 40, margin: 0, letterSpacing: 4, textAlign: "center" }}
        data-testid="screen-title"
      >
        {t("screen.title", { name: organizationName })}
      </h1>
      <Flex vertical align="end" gap={6} style={{ minWidth: 260 }}>
        <span style={{ color: SCREEN_ACCENT, fontSize: 18 }} data-testid="screen-updated-at">
          {updatedAt > 0 ? t("screen.updatedAt", { time: dayjs(updatedAt).format("HH:mm:ss") }) : ""}
        </span>
        <Flex gap={8} style={{ opacity: isFullScreen ? 0.25 : 1 }}>
          <Link to={indicatorsPath(organizationId)}>
            <Button ghost icon={<ArrowLeftOutlined />}>
              {t("screen.back")}
            </Button>
          </Link>
          <Button
            ghost
            icon={isFullScreen ? <CompressOutlined /> : <ExpandOutlined />}
            onClick={toggleFullScreen}
            data-testid="screen-full-screen"
          >
            {isFullScreen ? t("screen.exitFullScreen") : t("screen.fullScreen")}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}
