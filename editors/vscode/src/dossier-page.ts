// The dossier page as the webview shows it; free of `vscode`, so it is
// tested on its own.

// The page itself has no script and reads without one; this one only
// turns a click on an entity's name (outside the contents list, whose
// links stay in the page) into a message to the extension.
const CLICK_SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-id]') : null;
  if (!target || target.closest('nav')) return;
  event.preventDefault();
  vscode.postMessage({ type: 'reveal', id: target.getAttribute('data-id') });
});
`;

/**
 * The server's page as the webview shows it: a content security policy
 * that allows the page's own inline style and our one script (by nonce),
 * nothing from anywhere else, and that script.
 */
export function webviewHtml(page: string, nonce: string): string {
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}';">`;
  const script = `<script nonce="${nonce}">${CLICK_SCRIPT}</script>\n`;
  const head = page.indexOf('<head>');
  let html = head < 0 ? csp + page : `${page.slice(0, head + 6)}\n${csp}${page.slice(head + 6)}`;
  const end = html.lastIndexOf('</body>');
  html = end < 0 ? html + script : html.slice(0, end) + script + html.slice(end);
  return html;
}
