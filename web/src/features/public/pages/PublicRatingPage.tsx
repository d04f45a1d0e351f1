import { Alert, Card, Form, Input, Rate, Result, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { useT } from "../../../i18n/use-t";
import { ContactForm } from "../components/ContactForm";
import { PublicLayout } from "../components/PublicLayout";
import { useRateActivity } from "../hooks/use-public";
import { publicErrorMessage } from "../public-errors";

/** /p/activities/:token/rate — rate an attended activity 1–5 with an optional comment (活动评价). */
export function PublicRatingPage() {
  const t = useT();
  const token = useParams().token ?? "";
  const rate = useRateActivity(token);
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState("");
  return (
    <PublicLayout>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t("public.rating.title")}
        </Typography.Title>
        {rate.isSuccess ? (
          <Result status="success" title={t("public.rating.done")} data-testid="rating-result" />
        ) : (
          <>
            {rate.isError && (
              <Alert
                type="error"
                showIcon
                title={publicErrorMessage(rate.error, t)}
                style={{ marginBottom: 12 }}
              />
            )}
            <ContactForm
              withName={false}
              submitLabel={t("public.rating.submit")}
              submitting={rate.isPending}
              onSubmit={(values) =>
                rate.mutate({
                  phone: values.phone,
                  rating,
                  comment: comment.trim() === "" ? undefined : comment.trim(),
                })
              }
            >
              <Form.Item label={t("public.rating.score")}>
                <Rate value={rating} onChange={(value) => setRating(value || 1)} data-testid="rating-stars" />
              </Form.Item>
              <Form.Item label={t("public.rating.comment")}>
                <Input.TextArea
                  maxLength={500}
                  value={comment}
                  onChange={(event) => setComment(event.target.value)}
                />
              </Form.Item>
            </ContactForm>
          </>
        )}
      </Card>
    </PublicLayout>
  );
}
