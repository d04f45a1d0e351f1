/**
 * The plan parser on real layouts (issue 15, "Measured").
 *
 *   npx tsx bench/plan-parser.bench.ts [--runs 5]
 *
 * 1. Over the layout corpus (domain/src/plan/fixtures/corpus, twelve documents with their expected
 *    parse): tasks found / expected (a task is found when a parsed task has its title), units right /
 *    total and deadlines right / total (over the expected tasks; a missing task counts wrong), dated
 *    targets right / total (task and plan-level targets, date + value + unit). Target ≥ 95% each.
 * 2. The time to parse a 200-page plan: the Wangcang plan's body repeated with page numbers between
 *    pages, about 800 characters a page (target < 2 s); median of --runs after one warm-up. Also the
 *    same pages as a 200-page PDF with a text layer, read by unpdf and parsed (the whole preview
 *    path of the server minus HTTP).
 * Prints Markdown for bench/RESULTS.md. Pure CPU, no database.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parsePlan } from "@tuanwu/domain";
import { PLAN_CORPUS } from "../domain/src/plan/fixtures/corpus/corpus";
import { deadlineOf, parseCorpusDocument, targetTuple } from "../domain/src/plan/fixtures/corpus/read-corpus";
import { readPlanDocumentWith } from "../server/src/modules/plans/import/plan-document";
import { buildPdf } from "../server/src/test/plan-document-factories";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Math.max(1, Number(values.runs));
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "../domain/src/plan/fixtures");

function percent(right: number, total: number): string {
  return total === 0 ? "—" : `${((right * 100) / total).toFixed(1)}%`;
}

const totals = { tasks: 0, found: 0, units: 0, deadlines: 0, targets: 0, targetsRight: 0 };
const rows: string[] = [];
for (const expected of PLAN_CORPUS) {
  const plan = parseCorpusDocument(
    expected.file,
    readFileSync(path.join(fixtures, "corpus", expected.file), "utf8"),
  );
  let found = 0;
  let units = 0;
  let deadlines = 0;
  let targets = 0;
  let targetsRight = 0;
  for (const task of expected.tasks) {
    const parsed = plan.tasks.find((candidate) => candidate.title === task.title);
    if (parsed) found += 1;
    if (parsed && JSON.stringify(parsed.units) === JSON.stringify(task.units)) units += 1;
    if (parsed && deadlineOf(parsed) === task.deadline) deadlines += 1;
    for (const target of task.targets ?? []) {
      targets += 1;
      if (
        parsed?.targets.some((candidate) => JSON.stringify(targetTuple(candidate)) === JSON.stringify(target))
      ) {
        targetsRight += 1;
      }
    }
  }
  for (const target of expected.planTargets ?? []) {
    targets += 1;
    if (plan.targets.some((candidate) => JSON.stringify(targetTuple(candidate)) === JSON.stringify(target))) {
      targetsRight += 1;
    }
  }
  const extra = plan.tasks.length - found;
  totals.tasks += expected.tasks.length;
  totals.found += found;
  totals.units += units;
  totals.deadlines += deadlines;
  totals.targets += targets;
  totals.targetsRight += targetsRight;
  rows.push(
    `| ${expected.file} | ${found}/${expected.tasks.length}${extra > 0 ? ` (+${extra} extra)` : ""} | ${units}/${expected.tasks.length} | ${deadlines}/${expected.tasks.length} | ${targetsRight}/${targets} |`,
  );
}

// A 200-page plan: the Wangcang body repeated, a page number every ~800 characters.
const wangcang = readFileSync(path.join(fixtures, "wangcang-reform-plan.txt"), "utf8").split("\n");
const body = wangcang.slice(1);
const lines: string[] = [wangcang[0] ?? "实施方案"];
let page = 1;
let onPage = 0;
while (page <= 200) {
  for (const line of body) {
    if (page > 200) break;
    lines.push(line);
    onPage += line.length;
    if (onPage >= 800) {
      lines.push(`- ${page} -`);
      page += 1;
      onPage = 0;
    }
  }
}
const big = lines.join("\n");
parsePlan(big);
const times: number[] = [];
let taskCount = 0;
for (let run = 0; run < runs; run += 1) {
  const start = performance.now();
  taskCount = parsePlan(big).tasks.length;
  times.push(performance.now() - start);
}
times.sort((left, right) => left - right);
const median = times[Math.floor(times.length / 2)] ?? 0;

// The same 200 pages as a PDF (one page per page number), read and parsed as the preview does.
const pdfPages = big.split(/\n- \d+ -\n?/).filter((pageText) => pageText.trim() !== "");
const pdf = buildPdf(pdfPages);
await readPlanDocumentWith(pdf, "plan.pdf");
const pdfTimes: number[] = [];
let pdfTasks = 0;
for (let run = 0; run < runs; run += 1) {
  const start = performance.now();
  pdfTasks = (await readPlanDocumentWith(pdf, "plan.pdf")).plan.tasks.length;
  pdfTimes.push(performance.now() - start);
}
pdfTimes.sort((left, right) => left - right);
const pdfMedian = pdfTimes[Math.floor(pdfTimes.length / 2)] ?? 0;

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}\n`);
console.log("| document | tasks found | units right | deadlines right | dated targets right |");
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
console.log(
  `| **corpus** | **${totals.found}/${totals.tasks} (${percent(totals.found, totals.tasks)})** | **${totals.units}/${totals.tasks} (${percent(totals.units, totals.tasks)})** | **${totals.deadlines}/${totals.tasks} (${percent(totals.deadlines, totals.tasks)})** | **${totals.targetsRight}/${totals.targets} (${percent(totals.targetsRight, totals.targets)})** |`,
);
console.log(
  `\n200-page plan (${big.length.toLocaleString("en")} characters, ${page - 1} pages, ${taskCount} tasks): ` +
    `median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms)`,
);
console.log(
  `200-page PDF (${(pdf.length / 1024).toFixed(0)} KB, ${pdfPages.length} pages, ${pdfTasks} tasks), read by unpdf and parsed: ` +
    `median ${pdfMedian.toFixed(0)} ms over ${runs} runs (min ${pdfTimes[0]?.toFixed(0)} ms, max ${pdfTimes.at(-1)?.toFixed(0)} ms)`,
);
