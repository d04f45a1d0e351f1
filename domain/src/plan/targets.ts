/**
 * Quantitative targets with yearly milestones inside a task's text (domain.md §8), e.g. "2019年底前
 * 60%的县建立教育团工委，2020年底前全部" → 60% by 2019-12-31 and 100% by 2020-12-31. The Wangcang
 * plan (`fixtures/wangcang-reform-plan.txt`) states its figures without dates ("学社衔接率"稳定在99%
 * 以上), so those are not targets with a milestone.
 */

import { findDateMentions } from "./deadline";
import { toHalfWidth } from "./plan-text";

/** One milestone: by `date`, reach `value` `unit` ("%", "个", …); `text` is the clause it came from. */
export interface PlanTarget {
  date: string;
  value: number;
  unit: string;
  text: string;
}

/** A year, optionally a month, followed by 底/末/前 — the way plans write a milestone. */
const MILESTONE = /\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末|年底)?\s*(?:前|之前|以前)?/g;
const QUANTITY = /(\d+(?:\.\d+)?)\s*(%|万人|万名|万元|亿元|万个|个|家|所|名|人|次|期|支|座|项)/;
/** "到2022年" / "至2025年底" — how a plan states its overall targets (总体目标). */
const PLAN_ANCHOR = /(?:到|至|截至)\s*\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末)?/g;
const ALL = /全部|全覆盖|全面覆盖|全面建立|实现全覆盖/;
const CLAUSE_END = /[。;；\n]/;

/**
 * The dated targets in `text`: each year anchor ("2019年底前", "2020年6月底前") up to the next
 * anchor or the end of the sentence, when that stretch names a number with a unit, or "全部"
 * (100%). With `planLevel`, the anchors are "到2022年" / "至2025年底" instead: the overall targets
 * of a plan (总体目标, "到2022年…控制在30%以内"), kept on the plan rather than on a task.
 */
export function extractTargets(text: string, options: { planLevel?: boolean } = {}): PlanTarget[] {
  const normalized = toHalfWidth(text);
  const anchors = options.planLevel
    ? [...normalized.matchAll(PLAN_ANCHOR)]
    : [...normalized.matchAll(MILESTONE)].filter((match) => /底|末|前/.test(match[0]));
  const targets: PlanTarget[] = [];
  anchors.forEach((anchor, position) => {
    const next = anchors[position + 1];
    let end = next ? next.index : normalized.length;
    const sentenceEnd = normalized.slice(anchor.index, end).search(CLAUSE_END);
    if (sentenceEnd >= 0) end = anchor.index + sentenceEnd;
    const mention = findDateMentions(anchor[0])[0];
    if (!mention) return;
    const clause = normalized.slice(anchor.index + anchor[0].length, end);
    const clauseText = text
      .slice(anchor.index, end)
      .replace(/[,，、\s]+$/, "")
      .trim();
    const quantity = QUANTITY.exec(clause);
    if (quantity?.[1] !== undefined && quantity[2] !== undefined) {
      targets.push({ date: mention.end, value: Number(quantity[1]), unit: quantity[2], text: clauseText });
    } else if (ALL.test(clause)) {
      targets.push({ date: mention.end, value: 100, unit: "%", text: clauseText });
    }
  });
  return targets;
}
