// The dossier page (`newsls dossier --format html`) in Debian's headless
// Chromium, driven by puppeteer-core: with JavaScript off (the page must
// read without scripts), nothing requested beyond the page itself, every
// section and entity on the page, each person's timeline drawn where its
// days say, the print style applied, and a screenshot.
//
// Environment: as support.mjs says. The screenshot and a PDF land in
// target/dossier/; NEWSLS_UPDATE_SCREENSHOTS=1 also writes the README's
// picture, docs/images/dossier.png.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newsls, open_only, repo } from './support.mjs';

const out = path.join(repo, 'target', 'dossier');
const page_file = path.join(out, 'dossier.html');

describe('the dossier page in headless Chromium', () => {
  let browser;
  let page;
  let url;
  /** Every URL the page asked for. */
  let requested;

  before(async () => {
    fs.mkdirSync(out, { recursive: true });
    // The seed brief: four people with roles over the years, organisations,
    // places and events, defined in the seed registry.
    newsls(
      ['dossier', 'seeds/2026-01-23-trilateral-talks-brief.news.md', '--root', 'seeds', '--format', 'html', '--out', page_file],
      path.join(out, 'cache'),
    );
    ({ browser, page, url, requested } = await open_only(page_file, { width: 860, height: 1100 }, { javascript: false }));
    await page.goto(url, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
  });

  it('loads nothing but itself, with scripts off', () => {
    assert.deepEqual(requested, [url]);
  });

  it('shows the title, the date and every section, people first', async () => {
    const heading = await page.$eval('h1', (h) => h.innerText);
    assert.equal(heading, 'Dossier: Brief: Ukraine, Russia and the US to hold first trilateral talks in the UAE');
    const meta = await page.$eval('.meta', (p) => p.innerText);
    assert.match(meta, /on 2026-01-23 \(the document's date\) · 15 entities/);
    const sections = await page.$$eval('main h2', (hs) => hs.map((h) => h.innerText));
    assert.deepEqual(sections, ['People', 'Organisations', 'Places', 'Events']);
    const people = await page.$$eval('#people article h3 a', (as) => as.map((a) => a.innerText));
    assert.ok(people.includes('Vladimir Putin') && people.includes('Donald Trump'), people.join(', '));
    const text = await page.$eval('main', (m) => m.innerText);
    assert.match(text, /President of Russia · Kremlin \(since 2012-05-07, per registry\.news\.md line \d+\)/);
    assert.match(text, /Participants, on 2026-01-/);
  });

  it('draws a timeline for each person, bars where their days are and the date marked', async () => {
    const timelines = await page.$$eval('#people article', (articles) =>
      articles.map((a) => ({ name: a.querySelector('h3 a').textContent, svg: !!a.querySelector('svg.timeline') })),
    );
    assert.ok(timelines.length >= 4);
    assert.ok(timelines.every((t) => t.svg), JSON.stringify(timelines));
    // Putin: three roles since 2000, the presidency held on the date.
    const putin = await page.$eval('#entity-putin svg.timeline', (svg) => {
      const box = svg.getBoundingClientRect();
      const bars = [...svg.querySelectorAll('g.role')].map((g) => {
        const shape = g.querySelector('rect, circle').getBoundingClientRect();
        return { held: g.classList.contains('held'), label: g.querySelector('text').textContent, left: shape.left - box.left, width: shape.width };
      });
      const now = svg.querySelector('line.now').getBoundingClientRect();
      const ticks = [...svg.querySelectorAll('.axis text')].map((t) => t.textContent);
      const fill = getComputedStyle(svg.querySelector('g.role.held rect')).fill;
      return { width: box.width, bars, now: now.left - box.left, ticks, fill };
    });
    assert.equal(putin.bars.length, 3, JSON.stringify(putin));
    assert.ok(putin.bars.every((b) => b.width > 2), JSON.stringify(putin.bars));
    const held = putin.bars.filter((b) => b.held);
    assert.deepEqual(held.map((b) => b.label), ['President of Russia · Kremlin']);
    // The held presidency runs from 2012 to the right edge, past the date.
    assert.ok(held[0].left < putin.now && putin.now < held[0].left + held[0].width, JSON.stringify(putin));
    // The earlier ones end before the date line.
    for (const b of putin.bars.filter((b) => !b.held)) assert.ok(b.left + b.width < putin.now, JSON.stringify(b));
    assert.ok(putin.ticks.includes('2000') && putin.ticks.includes('2020'), putin.ticks.join(' '));
    assert.notEqual(putin.fill, 'rgb(0, 0, 0)', 'the page style colours the bars');
  });

  it('prints: no contents list, entities kept whole', async () => {
    await page.emulateMediaType('print');
    const nav = await page.$eval('nav', (n) => getComputedStyle(n).display);
    assert.equal(nav, 'none');
    const breaks = await page.$eval('article.entity', (a) => getComputedStyle(a).breakInside);
    assert.equal(breaks, 'avoid');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    fs.writeFileSync(path.join(out, 'dossier.pdf'), pdf);
    assert.ok(pdf.length > 10_000);
    await page.emulateMediaType('screen');
  });

  it('keeps a screenshot', async () => {
    const shot = path.join(out, 'dossier.png');
    // The top of the page: the contents and the first people with their timelines.
    await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 860, height: 1010 } });
    assert.ok(fs.statSync(shot).size > 20_000);
    if (process.env.NEWSLS_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(path.join(repo, 'docs', 'images'), { recursive: true });
      fs.copyFileSync(shot, path.join(repo, 'docs', 'images', 'dossier.png'));
    }
  });
});
