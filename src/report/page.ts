/**
 * The shell of every self-contained HTML page this package writes (report.html, the matrix index).
 *
 * Why a Content-Security-Policy with hashes: escaping is the first defence against a hostile target's
 * bodies and messages; the CSP is the second. Only the exact inline <style> and <script> we wrote
 * (identified by their SHA-256) may run, and `default-src 'none'` forbids every fetch, so even an
 * escaping bug could neither execute injected script nor make the page phone home. Links still work
 * (navigation is not a fetch).
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';

export interface PageParts {
  title: string;
  css: string;
  /** Inline script; runs after the body is parsed (it is placed at the end of <body>). */
  js: string;
  /** Already-escaped HTML. */
  body: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function htmlPage({ title, css, js, body }: PageParts): string {
  const csp = ["default-src 'none'", `style-src ${sha256(css)}`, `script-src ${sha256(js)}`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join(
    '; ',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
<script>${js}</script>
</body>
</html>
`;
}

/** Colours and type shared by the report and the matrix, so the two pages look like one product. */
export const BASE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--skip:#59636e;--skip-bg:#eff2f5;
--inconclusive:#9a6700;--inconclusive-bg:#fff8c5;--link:#0969da}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;color:var(--fg);background:var(--bg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;text-transform:capitalize}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.muted{color:var(--muted)}
.v{display:inline-block;padding:0 8px;border-radius:10px;font-weight:600;font-size:12px;line-height:20px;white-space:nowrap}
.v-pass{color:var(--pass);background:var(--pass-bg)}.v-fail{color:var(--fail);background:var(--fail-bg)}
.v-skip{color:var(--skip);background:var(--skip-bg)}.v-inconclusive{color:var(--inconclusive);background:var(--inconclusive-bg)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;font-size:12px;color:var(--muted);white-space:nowrap}
[hidden]{display:none!important}
`;
