// What the page tests share: the built newsls, Debian's headless Chromium
// driven by puppeteer-core, and a page that may load nothing but its own
// file (every request is recorded; any other is refused, as the network
// would be).
//
// Environment: NEWSLS_BIN (default <repo>/target/debug/newsls), CHROMIUM
// (default /usr/bin/chromium).

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.resolve(process.env.NEWSLS_BIN ?? path.join(repo, 'target', 'debug', 'newsls'));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Runs the built newsls with `args` in `cwd` (the repository unless
 * told), its index cache in `cache`; returns what it printed on stdout. */
export function newsls(args, cache, cwd = repo) {
  return execFileSync(bin, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NEWSLS_CACHE_DIR: cache },
  });
}

/** Headless Chromium with one page, at `viewport`, set to load only
 * `file` (a path); `requested` collects every URL the page asks for. */
export async function open_only(file, viewport, { javascript = true } = {}) {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
  const page = await browser.newPage();
  const url = pathToFileURL(file).href;
  const requested = [];
  await page.setJavaScriptEnabled(javascript);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requested.push(request.url());
    // Only the page itself: anything else would be the network.
    if (request.url().split('#')[0] === url) request.continue();
    else request.abort();
  });
  await page.setViewport({ deviceScaleFactor: 1, ...viewport });
  return { browser, page, url, requested };
}
