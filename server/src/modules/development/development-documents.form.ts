import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

/** What the pre-filled 入团志愿书 shows: every value already formatted for print ("2010年05月"). */
export interface ApplicationFormContent {
  /** The committee that issues it (the pre-checking committee's name), for the heading. */
  issuedBy: string;
  name: string;
  sex: string;
  ethnicity: string;
  birthMonth: string;
  branch: string;
  applicationDate: string;
  candidateDate: string;
  targetDate: string;
  mentors: string;
  sponsors: string;
}

/** A line to be filled by hand. */
const BLANK = "＿".repeat(28);

function line(
  text: string,
  options: { bold?: boolean; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
): Paragraph {
  return new Paragraph({
    alignment: options.alignment,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: options.bold ?? false })],
  });
}

function cell(text: string, bold: boolean, columnSpan?: number): TableCell {
  return new TableCell({ columnSpan, children: [line(text, { bold })] });
}

/** The pre-filled part: label, value, label, value per row. */
function personTable(content: ApplicationFormContent): Table {
  const pair = (rows: readonly (readonly [string, string])[]) =>
    new TableRow({ children: rows.flatMap(([label, value]) => [cell(label, true), cell(value, false)]) });
  const wide = (label: string, value: string) =>
    new TableRow({ children: [cell(label, true), cell(value, false, 3)] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      pair([
        ["姓名", content.name],
        ["性别", content.sex],
      ]),
      pair([
        ["民族", content.ethnicity],
        ["出生年月", content.birthMonth],
      ]),
      wide("所在团支部", content.branch),
      pair([
        ["申请入团时间", content.applicationDate],
        ["确定为入团积极分子时间", content.candidateDate],
      ]),
      wide("确定为发展对象时间", content.targetDate),
      wide("培养联系人", content.mentors),
      wide("入团介绍人", content.sponsors),
    ],
  });
}

/** A part filled by hand: a heading, blank lines, then the signature line. */
function handwrittenPart(title: string, lines: number, signature: string): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: title })] }),
    ...Array.from({ length: lines }, () => line(BLANK)),
    line(signature, { alignment: AlignmentType.RIGHT }),
  ];
}

/**
 * The 入团志愿书 (application form) of a development target as a Word document: the heading, the
 * pre-filled particulars (姓名, 性别, 民族, 出生年月, 所在团支部, the dates of application, of being
 * named a candidate and a development target, the mentors and sponsors), and the parts filled by hand:
 * 入团志愿 (the applicant), 入团介绍人意见, 支部大会意见 (with the counts of the vote) and 上级团委审批意见.
 * Text only (no HTML); every value is a plain run.
 */
export async function buildApplicationForm(content: ApplicationFormContent): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: "入团志愿书" })],
    }),
    line(content.issuedBy, { alignment: AlignmentType.CENTER }),
    line("编号：＿＿＿＿＿＿＿＿", { alignment: AlignmentType.RIGHT }),
    personTable(content),
    ...handwrittenPart("一、入团志愿", 10, "申请人签名：＿＿＿＿＿＿　　　　年　　月　　日"),
    ...handwrittenPart(
      "二、入团介绍人意见",
      4,
      "入团介绍人签名：＿＿＿＿＿＿、＿＿＿＿＿＿　　　　年　　月　　日",
    ),
    ...handwrittenPart("三、支部大会意见", 3, "团支部书记签名：＿＿＿＿＿＿　　　　年　　月　　日"),
    line(
      "支部大会于＿＿＿＿年＿＿月＿＿日召开，应到会有表决权的团员＿＿人，实到＿＿人，赞成＿＿票，反对＿＿票，弃权＿＿票。",
    ),
    ...handwrittenPart("四、上级团委审批意见", 3, "团委（盖章）　　　　年　　月　　日"),
  ];
  const document = new Document({
    creator: "tuanwu",
    title: `入团志愿书 ${content.name}`,
    styles: { default: { document: { run: { font: "SimSun", size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
