import { Alert, Card, Descriptions, Result, Typography } from "antd";
import { useParams } from "react-router";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { ContactForm } from "../components/ContactForm";
import { PublicLayout } from "../components/PublicLayout";
import { deviceKey } from "../device-key";
import { usePublicActivity, useSignUp } from "../hooks/use-public";
import { publicErrorMessage } from "../public-errors";
import { formatPublicTime } from "../public-time";

/**
 * /p/activities/:token — an activity's public sign-up page (活动报名, issue 14 parts 2 and 5): what,
 * when, where, places left; name and phone; confirmed or waitlisted with the position. No account.
 */
export function PublicActivityPage() {
  const t = useT();
  const token = useParams().token ?? "";
  const activity = usePublicActivity(token);
  const signUp = useSignUp(token);
  if (activity.isPending) return <PageSpinner />;
  if (activity.isError) {
    return (
      <PublicLayout>
        <Result status="warning" title={publicErrorMessage(activity.error, t)} />
      </PublicLayout>
    );
  }
  const data = activity.data;
  const result = signUp.data;
  return (
    <PublicLayout>
      <Card data-testid="public-activity">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {data.title}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t("public.activity.when")}>
            {formatPublicTime(data.startsAt)} – {formatPublicTime(data.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("public.activity.place")}>{data.place}</Descriptions.Item>
          <Descriptions.Item label={t("public.activity.capacity")}>
            {data.capacity}（{t("public.activity.remaining", { count: data.seatsLeft })}）
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {data.cancelled ? (
        <Alert type="warning" showIcon title={t("public.activity.cancelled")} />
      ) : result ? (
        <Result
          status={result.status === "confirmed" ? "success" : "info"}
          title={
            result.status === "confirmed"
              ? t("public.activity.confirmed")
              : t("public.activity.waitlisted", { position: result.waitlistPosition ?? "" })
          }
          subTitle={t("public.activity.checkinHint")}
          data-testid="signup-result"
        />
      ) : (
        <Card>
          {data.seatsLeft <= 0 && (
            <Alert type="info" showIcon title={t("public.activity.full")} style={{ marginBottom: 12 }} />
          )}
          {signUp.isError && (
            <Alert
              type="error"
              showIcon
              title={publicErrorMessage(signUp.error, t)}
              style={{ marginBottom: 12 }}
            />
          )}
          <ContactForm
            withName
            submitLabel={t("public.activity.signUp")}
            submitting={signUp.isPending}
            onSubmit={(values) => signUp.mutate({ ...values, deviceKey: deviceKey() })}
          />
        </Card>
      )}
    </PublicLayout>
  );
}
