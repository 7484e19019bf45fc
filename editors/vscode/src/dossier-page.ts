// The dossier page as the webview shows it; free of `vscode`, so it is
// tested on its own.

// The page itself has no script and reads without one; this one turns a
// click on an entity's name (outside the contents list, whose links stay
// in the page) into a message to the extension, and shows the pages the
// extension posts in place. Replacing the webview's HTML instead reloads
// its frame, which takes the focus back if the frame still has it: a click
// on a name would open the definition and leave the cursor in the dossier.
const PAGE_SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-id]') : null;
  if (!target || target.closest('nav')) return;
  event.preventDefault();
  vscode.postMessage({ type: 'reveal', id: target.getAttribute('data-id') });
});
window.addEventListener('message', (event) => {
  const message = event.data;
  if (!message || message.type !== 'page' || typeof message.html !== 'string') return;
  const next = new DOMParser().parseFromString(message.html, 'text/html');
  for (const old of document.head.querySelectorAll('title, style')) old.remove();
  document.head.append(...next.head.querySelectorAll('title, style'));
  document.body.replaceChildren(...next.body.childNodes);
  if (message.top) window.scrollTo(0, 0);
});
`;

/** What the extension posts to show a new page in place (see `PAGE_SCRIPT`). */
export interface PageMessage {
  type: 'page';
  /** The server's page, as `webviewHtml` takes it. */
  html: string;
  /** Whether it is another document's page, so that it opens at its top. */
  top: boolean;
}

/**
 * The server's page as the webview shows it: a content security policy
 * that allows the page's own inline style and our one script (by nonce),
 * nothing from anywhere else, and that script.
 */
export function webviewHtml(page: string, nonce: string): string {
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}';">`;
  const script = `<script nonce="${nonce}">${PAGE_SCRIPT}</script>\n`;
  const head = page.indexOf('<head>');
  let html = head < 0 ? csp + page : `${page.slice(0, head + 6)}\n${csp}${page.slice(head + 6)}`;
  const end = html.lastIndexOf('</body>');
  html = end < 0 ? html + script : html.slice(0, end) + script + html.slice(end);
  return html;
}
