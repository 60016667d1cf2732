/**
 * Making untrusted text safe for each output format. Everything in results.json that came from the
 * target (messages, observed values, bodies, headers) is hostile until escaped here; nothing else in
 * src/report writes such text without going through one of these functions.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters that act on a terminal or a reader instead of showing: C0 controls except line feed and tab
 * (ESC starts clear-screen, window-title and OSC-8 hyperlink sequences; CR overwrites a line), DEL, C1
 * controls (U+009B is a one-byte CSI), and the bidirectional overrides and isolates that make text read
 * in another order than it is stored ("Trojan source"). Zero-width joiners are left: they are text.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the target made inert for a terminal or a text file: each control character becomes its
 * visible escape (`\u001b`, `\u202e`), so a reader still sees that the server sent one, and the rest of
 * an escape sequence is left as harmless printable text. CRLF becomes LF first. The `\uXXXX` spelling
 * is also a valid JSON escape of the same character, so JSON text stays valid and means the same.
 */
export function plainText(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for an HTML element body or a quoted attribute value (control characters made visible too). */
export function escapeHtml(value: unknown): string {
  return plainText(value).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * The URL as an href only if it is http(s): a results file is data, and a `javascript:` or `data:`
 * "source" must never become a link a reader can click.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Plain text inside a GitHub-flavoured-markdown table cell: backslash-escape the punctuation that
 * could start markup (emphasis, links, images, raw HTML, code, strikethrough) or end the cell (`|`),
 * and turn line breaks into `<br>` since a table row is one line.
 */
export function mdText(value: unknown): string {
  return plainText(value)
    .replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/\t/g, ' ');
}

/**
 * A machine value (id, declared, observed) as a code span: nothing inside a code span is markup, so
 * only backticks (longer fence), line breaks and, in a table cell, pipes need handling (GFM splits
 * cells before it parses code spans, so `\|` is required even inside one; outside a table it would
 * show the backslash).
 */
export function mdCode(value: unknown, inTable = true): string {
  let text = plainText(value).replace(/\n/g, ' ');
  if (inTable) text = text.replace(/\|/g, '\\|');
  if (text.trim() === '') return '';
  // A loop, not Math.max(...runs): a hostile value with a few hundred thousand backtick runs would overflow the stack.
  let longestRun = 0;
  for (const run of text.match(/`+/g) ?? []) if (run.length > longestRun) longestRun = run.length;
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A markdown link when the URL is http(s), else the text alone. */
export function mdLink(text: string, url: string | null | undefined): string {
  const href = safeHttpUrl(url);
  if (!href) return mdText(text);
  // Parentheses and spaces would end the link destination early; percent-encode them.
  const dest = href.replace(/[()\s<>|]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${mdText(text)}](${dest})`;
}
