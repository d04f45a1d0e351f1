import { Alert, Button, Card, Result, Typography } from "antd";
import { Link, useParams } from "react-router";
import { useT } from "../../../i18n/use-t";
import { ContactForm } from "../components/ContactForm";
import { PublicLayout } from "../components/PublicLayout";
import { useCheckIn } from "../hooks/use-public";
import { publicErrorMessage } from "../public-errors";
import { publicRatingPath } from "../public-paths";

/**
 * /p/checkin/:checkinToken — where the venue's QR code leads (扫码签到, issue 14 part 2): the phone number
 * of the sign-up checks in the first time and out the second, only within the activity's window; the
 * server refuses outside it or a third time.
 */
export function PublicCheckinPage() {
  const t = useT();
  const checkinToken = useParams().checkinToken ?? "";
  const checkIn = useCheckIn(checkinToken);
  const result = checkIn.data;
  return (
    <PublicLayout>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {result?.activityTitle ?? t("public.checkin.title")}
        </Typography.Title>
        {result ? (
          <Result
            status="success"
            title={
              result.action === "checked_out" ? t("public.checkin.checkedOut") : t("public.checkin.checkedIn")
            }
            data-testid="checkin-result"
            extra={
              result.action === "checked_out" && result.activityToken ? (
                <Link to={publicRatingPath(result.activityToken)}>
                  <Button type="primary">{t("public.checkin.rateNow")}</Button>
                </Link>
              ) : undefined
            }
          />
        ) : (
          <>
            {checkIn.isError && (
              <Alert
                type="error"
                showIcon
                title={publicErrorMessage(checkIn.error, t)}
                style={{ marginBottom: 12 }}
                data-testid="checkin-error"
              />
            )}
            <ContactForm
              withName={false}
              submitLabel={t("public.checkin.submit")}
              submitting={checkIn.isPending}
              onSubmit={(values) => checkIn.mutate({ phone: values.phone })}
            />
          </>
        )}
      </Card>
    </PublicLayout>
  );
}
