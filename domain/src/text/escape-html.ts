const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text made safe to place in HTML, as element content or a quoted attribute value: `& < > " '`
 * become entities (OWASP XSS prevention, rule 1). For the few places a library wants an HTML string,
 * such as an ECharts tooltip formatter: every data value goes through this, never straight into markup.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
