import { fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/errors";
import { renderWithApp } from "../../test/render";
import { fetchPublicReview, type PublicReview, submitPublicScores } from "./public-review-api";
import { ReviewScoringPage } from "./ReviewScoringPage";

const TOKEN = "a".repeat(43);

const review: PublicReview = {
  title: "2026年度基层团组织书记述职评议",
  organizationName: "旺苍县团委",
  year: 2026,
  scaleMax: 100,
  status: "open",
  submitted: false,
  reporters: [
    { id: 11, sequence: 1, name: "王丽", postLabel: "书记", organizationName: "东河镇团委" },
    { id: 12, sequence: 2, name: "张强", postLabel: "书记", organizationName: "嘉川镇团委" },
  ],
};

vi.mock("./public-review-api", () => ({ fetchPublicReview: vi.fn(), submitPublicScores: vi.fn() }));

const fetchReview = vi.mocked(fetchPublicReview);
const submitScores = vi.mocked(submitPublicScores);

/** The server answers GET with `get` (or refuses with it) and POST with `post` (recorded). */
function stubApi(get: PublicReview | ApiError, post?: ApiError) {
  if (get instanceof ApiError) fetchReview.mockRejectedValue(get);
  else fetchReview.mockResolvedValue(get);
  if (post) submitScores.mockRejectedValue(post);
  else submitScores.mockResolvedValue({ recorded: 2, message: "ok", replayed: false });
  return submitScores;
}

function renderPage() {
  return renderWithApp(
    <Routes>
      <Route path="/review/:token" element={<ReviewScoringPage />} />
    </Routes>,
    { path: `/review/${TOKEN}` },
  );
}

function score(name: string, value: string) {
  const input = screen.getByLabelText(`评分 ${name}`);
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

afterEach(() => vi.clearAllMocks());

describe("ReviewScoringPage (述职评议 on a phone, one-time link)", () => {
  it("scores every reporter once and thanks the representative", async () => {
    const posted = stubApi(review);
    renderPage();
    expect(await screen.findByTestId("reporter-1")).toBeDefined();
    score("王丽", "95");
    score("张强", "80");
    fireEvent.click(screen.getByTestId("review-submit"));
    expect((await screen.findByTestId("review-thanks")).textContent).toContain("评分已提交");
    expect(fetchReview).toHaveBeenCalledWith(TOKEN);
    expect(posted).toHaveBeenCalledTimes(1);
    expect(posted).toHaveBeenCalledWith(TOKEN, [
      { reporterId: 11, score: 95 },
      { reporterId: 12, score: 80 },
    ]);
  });

  it("asks for every score before submitting, and posts nothing", async () => {
    const posted = stubApi(review);
    renderPage();
    await screen.findByTestId("reporter-1");
    score("王丽", "90");
    fireEvent.click(screen.getByTestId("review-submit"));
    expect(await screen.findByText("请为每位述职人打分后再提交")).toBeDefined();
    expect(posted).not.toHaveBeenCalled();
  });

  it("keeps a score within the scale (0…scaleMax)", async () => {
    const posted = stubApi(review);
    renderPage();
    await screen.findByTestId("reporter-1");
    score("王丽", "150");
    score("张强", "-3");
    fireEvent.click(screen.getByTestId("review-submit"));
    await screen.findByTestId("review-thanks");
    expect(posted).toHaveBeenCalledWith(TOKEN, [
      { reporterId: 11, score: 100 },
      { reporterId: 12, score: 0 },
    ]);
  });

  it("says plainly that a used link cannot score again", async () => {
    stubApi({ ...review, submitted: true });
    renderPage();
    expect((await screen.findByTestId("review-used")).textContent).toContain("该评分链接已使用过");
  });

  it("says the session has closed when the server refuses the scores (409)", async () => {
    stubApi(review, new ApiError(409, "review_session_closed", "本次述职评议已结束，不能再评分"));
    renderPage();
    await screen.findByTestId("reporter-1");
    score("王丽", "90");
    score("张强", "85");
    fireEvent.click(screen.getByTestId("review-submit"));
    expect((await screen.findByTestId("review-submit-error")).textContent).toContain("本次述职评议已结束");
  });

  it("asks to wait when rate limited (429)", async () => {
    stubApi(new ApiError(429, "rate_limited", "too many"));
    renderPage();
    await waitFor(() => expect(screen.getByTestId("review-error").textContent).toContain("操作过于频繁"));
  });
});
