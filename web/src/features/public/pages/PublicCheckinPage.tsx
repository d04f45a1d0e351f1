import { Alert, Button, Card, Flex, Form, Input, Result, Typography } from "antd";
import { useParams } from "react-router";
import { useT } from "../../../i18n/use-t";
import { PublicLayout } from "../components/PublicLayout";
import { useCheckIn } from "../hooks/use-public";
import { PHONE_PATTERN, publicErrorMessage } from "../public-errors";
import { formatPublicTime } from "../public-time";

/**
 * /p/checkin/:checkinToken — where the venue's QR code leads (扫码签到, issue 14 part 2): the phone number
 * of the sign-up checks in, or out, only within the activity's window; the server refuses a phone that
 * did not sign up, a second check-in, or a time outside the window, and says why.
 */
export function PublicCheckinPage() {
  const t = useT();
  const checkinToken = useParams().checkinToken ?? "";
  const checkIn = useCheckIn(checkinToken);
  const [form] = Form.useForm<{ phone: string }>();
  const result = checkIn.data;
  const send = async (action: "check_in" | "check_out") => {
    const { phone } = await form.validateFields();
    checkIn.mutate({ phone: phone.trim(), action });
  };
  return (
    <PublicLayout>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {result?.title ?? t("public.checkin.title")}
        </Typography.Title>
        {result ? (
          <Result
            status="success"
            title={
              result.action === "check_out" ? t("public.checkin.checkedOut") : t("public.checkin.checkedIn")
            }
            subTitle={formatPublicTime(result.at)}
            data-testid="checkin-result"
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
            <Form form={form} layout="vertical" onFinish={() => send("check_in")}>
              <Form.Item
                name="phone"
                label={t("public.phone")}
                rules={[{ required: true, pattern: PHONE_PATTERN, message: t("public.phoneInvalid") }]}
              >
                <Input inputMode="numeric" maxLength={11} autoComplete="tel" data-testid="contact-phone" />
              </Form.Item>
              <Flex gap={8}>
                <Button
                  type="primary"
                  htmlType="submit"
                  size="large"
                  block
                  loading={checkIn.isPending && checkIn.variables?.action === "check_in"}
                  data-testid="checkin-submit"
                >
                  {t("public.checkin.checkIn")}
                </Button>
                <Button
                  size="large"
                  block
                  loading={checkIn.isPending && checkIn.variables?.action === "check_out"}
                  onClick={() => void send("check_out")}
                  data-testid="checkout-submit"
                >
                  {t("public.checkin.checkOut")}
                </Button>
              </Flex>
            </Form>
          </>
        )}
      </Card>
    </PublicLayout>
  );
}
