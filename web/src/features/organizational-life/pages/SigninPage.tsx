import { Alert, Button, Card, Result } from "antd";
import { useParams } from "react-router";
import { useT } from "../../../i18n/use-t";
import { useSignIn } from "../api/use-meetings";

/**
 * /me/signin/:token: the page the meeting's QR code opens on a member's phone (signed in first, the
 * login returns here). One button signs the member in (POST /meetings/signin/{token}); a closed or
 * unknown code, a member not on the roll, or signing in twice (409) shows the server's message.
 */
export function SigninPage() {
  const t = useT();
  const { token = "" } = useParams();
  const signIn = useSignIn();
  if (signIn.data) {
    const data = signIn.data;
    return (
      <Result
        status="success"
        title={t("signin.done")}
        subTitle={t("signin.doneDetail", {
          name: data.memberName,
          time: new Date(data.signedInAt).toLocaleTimeString(),
          topic: data.topic,
          heldOn: data.heldOn,
        })}
        data-testid="signin-done"
      />
    );
  }
  return (
    <Card title={t("signin.title")} data-testid="signin-page">
      <Button
        type="primary"
        block
        size="large"
        loading={signIn.isPending}
        onClick={() => signIn.mutate(token)}
        data-testid="signin-confirm"
      >
        {t("signin.confirm")}
      </Button>
      {signIn.error && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t("signin.failed")}
          description={signIn.error.message}
          data-testid="signin-error"
        />
      )}
    </Card>
  );
}
