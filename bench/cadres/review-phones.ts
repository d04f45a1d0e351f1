/**
 * The phones of bench/cadres/review-scoring.bench.ts (issue 13, "Measured"): each opens its one-time
 * link's page (GET /public/review/{token}) and submits one score per reporter (POST …/scores), as the
 * phone page does — both at once, or the pages first and the submissions later (as in the hall: the
 * page is opened when the link is handed out, 提交 is pressed after the last report). Used in the bench's own process (`--client inline`) or in a child process
 * (review-phones.client.ts, `--client process`, the default) so the phones' HTTP work does not take the
 * server's event loop.
 */

/** Deterministic scores: phone i scores reporter j with (i * 7 + j * 13) % (scale + 1). */
export function scoreOf(phone: number, reporter: number, scaleMax: number): number {
  return (phone * 7 + reporter * 13) % (scaleMax + 1);
}

/** What one phone saw. */
export interface PhoneResult {
  index: number;
  /** The last answer's status; `recorded` when it was 201 (new) or 200 (a repeat answered as the original). */
  status: number;
  /** Every POST attempt's status (0 = network error), for the per-phone log. */
  attempts: number[];
  code?: string;
  recorded: boolean;
  replayed: boolean;
  scores: { reporterId: number; score: number }[];
  pageMs: number;
  submitMs: number;
  /** Network errors retried (connection reset). */
  retries: number;
}

/** The scores each phone chose when it opened its page (kept for a later `submit` step). */
const chosen = new Map<number, { reporterId: number; score: number }[]>();

/** Opens a phone's page (GET /public/review/{token}) and chooses its scores; network errors retried ×3. */
async function openPage(address: string, index: number, token: string, retry: Retry) {
  const pageBody = await retry.run(async () => {
    const page = await fetch(`${address}/api/v1/public/review/${token}`);
    return (await page.json()) as { reporters: { id: number }[] };
  });
  const scores = pageBody.reporters.map((reporter, position) => ({
    reporterId: reporter.id,
    score: scoreOf(index, position, 100),
  }));
  chosen.set(index, scores);
  return scores;
}

/** Retries a network error (connection reset) up to 3 times per phone, as the page's retry would. */
class Retry {
  retries = 0;
  async run<T>(work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (this.retries >= 3) throw error;
        this.retries += 1;
      }
    }
  }
}

/**
 * One phone. step "both": opens its page, then submits; "page": only opens it (the scores are kept);
 * "submit": only submits the scores chosen on its page (a representative pressing 提交).
 */
export async function phone(
  address: string,
  index: number,
  token: string,
  step: PhonesRequest["step"] = "both",
): Promise<PhoneResult> {
  const retry = new Retry();
  const started = performance.now();
  const scores =
    step === "submit"
      ? (chosen.get(index) ?? (await openPage(address, index, token, retry)))
      : await openPage(address, index, token, retry);
  const pageDone = performance.now();
  if (step === "page") {
    return {
      index,
      status: 0,
      attempts: [],
      recorded: false,
      replayed: false,
      scores,
      pageMs: pageDone - started,
      submitMs: 0,
      retries: retry.retries,
    };
  }
  const attempts: number[] = [];
  const answer = await retry.run(async () => {
    try {
      const response = await fetch(`${address}/api/v1/public/review/${token}/scores`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scores }),
      });
      const body = (await response.json()) as { replayed?: boolean; error?: { code?: string } };
      attempts.push(response.status);
      return { status: response.status, code: body.error?.code, replayed: body.replayed === true };
    } catch (error) {
      attempts.push(0);
      throw error;
    }
  });
  const done = performance.now();
  return {
    index,
    status: answer.status,
    attempts,
    code: answer.code,
    recorded: answer.status === 201 || answer.status === 200,
    replayed: answer.replayed,
    scores,
    pageMs: step === "submit" ? 0 : pageDone - started,
    submitMs: done - pageDone,
    retries: retry.retries,
  };
}

/** A batch of phones: all at once (rate 0), or arriving at `rate` per second (open loop); which step. */
export interface PhonesRequest {
  address: string;
  phones: { index: number; token: string }[];
  rate: number;
  step: "both" | "page" | "submit";
}

export async function runPhones(
  request: PhonesRequest,
): Promise<{ results: PhoneResult[]; seconds: number }> {
  const start = performance.now();
  const results = await Promise.all(
    request.phones.map(async (each, offset) => {
      if (request.rate > 0) {
        const wait = start + (offset * 1000) / request.rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return phone(request.address, each.index, each.token, request.step);
    }),
  );
  return { results, seconds: (performance.now() - start) / 1000 };
}
