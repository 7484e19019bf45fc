// The graph page (`newsls graph --format html`) of the seed documents in
// Debian's headless Chromium, driven by puppeteer-core, as a reader uses
// it: nothing requested beyond the page itself, every entity listed and
// drawn (each kind's colour on the drawing), a click on a node showing its
// account, `#@id` opening one, and the search box keeping only what
// matches (an alias too, accents ignored).
//
// Environment: as support.mjs says. The screenshot lands in
// target/graph/graph.png; NEWSLS_UPDATE_SCREENSHOTS=1 also writes the
// README's picture, docs/images/graph.png.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newsls, open_only, repo } from './support.mjs';

const out = path.join(repo, 'target', 'graph');
const page_file = path.join(out, 'graph.html');

// The colours the page gives each kind (page.css).
const colours = { person: [37, 99, 235], place: [22, 163, 74], event: [220, 38, 38] };

describe('the graph page in headless Chromium', () => {
  let browser;
  let page;
  let url;
  /** Every URL the page asked for. */
  let requested;
  /** What `newsls graph --format json` says of the same folder. */
  let graph;

  before(async () => {
    fs.mkdirSync(out, { recursive: true });
    const cache = path.join(out, 'cache');
    // In the folder, as its README's picture shows it.
    const seeds = path.join(repo, 'seeds');
    graph = JSON.parse(newsls(['graph', '--format', 'json'], cache, seeds));
    const printed = newsls(['graph', '--format', 'html', '--out', page_file], cache, seeds);
    assert.equal(printed, '', 'with --out nothing goes to stdout');
    ({ browser, page, url, requested } = await open_only(page_file, { width: 1280, height: 900 }));
    // What the page's own policy refused to load, had it asked.
    await page.evaluateOnNewDocument(() => {
      window.refused = [];
      document.addEventListener('securitypolicyviolation', (event) => window.refused.push(event.blockedURI));
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-drawn-nodes]');
  });

  after(async () => {
    await browser?.close();
  });

  /** The ids of the listed entities not hidden, sorted. */
  const shown = () =>
    page.$$eval('#entities > li', (lis) => lis.filter((li) => !li.hidden).map((li) => li.dataset.id).sort());

  /** How many pixels of the drawing's canvas have each kind's colour, and
   * one point (in the page) deep inside a person's node. */
  const drawing = () =>
    page.$eval(
      '#graph canvas[data-id="layer2-node"]',
      (canvas, colours) => {
        const { width, height } = canvas;
        const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
        const is = (x, y, [r, g, b]) => {
          const at = (y * width + x) * 4;
          return Math.abs(pixels[at] - r) < 12 && Math.abs(pixels[at + 1] - g) < 12 && Math.abs(pixels[at + 2] - b) < 12;
        };
        const counts = Object.fromEntries(Object.keys(colours).map((kind) => [kind, 0]));
        let inside = null;
        for (let y = 3; y < height - 3; y++) {
          for (let x = 3; x < width - 3; x++) {
            for (const [kind, colour] of Object.entries(colours)) if (is(x, y, colour)) counts[kind] += 1;
            if (!inside && is(x, y, colours.person)) {
              // Every pixel around it a person's colour too: not an edge's
              // crossing or the rim of the node.
              let all = true;
              for (let dy = -3; dy <= 3 && all; dy++) for (let dx = -3; dx <= 3 && all; dx++) all = is(x + dx, y + dy, colours.person);
              if (all) inside = { x, y };
            }
          }
        }
        const box = canvas.getBoundingClientRect();
        const scale = box.width / width;
        return { counts, inside: inside && { x: box.left + inside.x * scale, y: box.top + inside.y * scale } };
      },
      colours,
    );

  it('loads nothing but itself, nor tries to', async () => {
    assert.deepEqual(requested, [url]);
    assert.deepEqual(await page.evaluate(() => window.refused), []);
  });

  it('lists every entity, as text before any script runs too', async () => {
    const html = fs.readFileSync(page_file, 'utf8');
    for (const node of graph.nodes) assert.ok(html.includes(node.name), `${node.name} is not on the page`);
    assert.deepEqual(await shown(), graph.nodes.map((n) => n.id).sort());
  });

  it('draws every node and connection, each kind in its colour', async () => {
    const drawn = await page.$eval('body', (b) => [Number(b.dataset.drawnNodes), Number(b.dataset.drawnEdges)]);
    assert.deepEqual(drawn, [graph.nodes.length, graph.edges.length]);
    // The layout is drawn in an animation frame after the page loads.
    await page.waitForFunction(() => {
      const canvas = document.querySelector('#graph canvas[data-id="layer2-node"]');
      return canvas && canvas.width > 0;
    });
    let seen;
    for (let frame = 0; frame < 100; frame++) {
      seen = await drawing();
      if (Object.values(seen.counts).every((count) => count > 300)) break;
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
    }
    // Node-sized amounts of each kind's colour.
    for (const [kind, count] of Object.entries(seen.counts)) {
      assert.ok(count > 300, `only ${count} ${kind}-coloured pixels in the drawing`);
    }
  });

  it('shows the account of the node clicked, and marks it in the list', async () => {
    const { inside } = await drawing();
    assert.ok(inside, 'no person node to click');
    await page.mouse.click(inside.x, inside.y);
    const id = await page.$eval('#entities > li.selected', (li) => li.dataset.id);
    const node = graph.nodes.find((n) => n.id === id);
    assert.equal(node?.kind, 'person', id);
    const panel = await page.$eval('#account', (aside) => aside.innerHTML);
    assert.ok(panel.includes(`<strong>${node.name}</strong>`), panel);
    assert.ok(panel.includes('Defined in:'), panel);
    assert.equal(await page.evaluate(() => location.hash), `#@${id}`);
  });

  it('opens the account `#@id` names: hover\'s, with the role and where it is defined', async () => {
    await page.evaluate(() => { location.hash = '#@putin'; });
    await page.waitForFunction(() => document.querySelector('#entities > li.selected')?.dataset.id === 'putin');
    const panel = await page.$eval('#account', (aside) => aside.innerHTML);
    assert.ok(panel.includes('<strong>Vladimir Putin</strong>'), panel);
    assert.ok(panel.includes('President of Russia'), panel);
    assert.ok(panel.includes('Defined in:'), panel);
  });

  it('keeps a screenshot, an account open as the README shows it', async () => {
    const shot = path.join(out, 'graph.png');
    await page.screenshot({ path: shot });
    assert.ok(fs.statSync(shot).size > 20_000);
    if (process.env.NEWSLS_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(path.join(repo, 'docs', 'images'), { recursive: true });
      fs.copyFileSync(shot, path.join(repo, 'docs', 'images', 'graph.png'));
    }
  });

  it('searches as one types: only what matches stays listed, by alias too, accents ignored', async () => {
    await page.type('#search', 'witk');
    assert.deepEqual(await shown(), ['moscow-talks-2026-01-22', 'witkoff']);
    const matches = await page.$eval('#matches', (m) => m.textContent);
    assert.equal(matches, `2 of ${graph.nodes.length} entities match`);
    // "SÓVEREIGN": an alias of the RDIF, typed over the last search.
    await page.click('#search', { clickCount: 3 });
    await page.type('#search', 'SÓVEREIGN');
    assert.deepEqual(await shown(), ['rdif']);
    // And from the address: `#q=`.
    await page.evaluate(() => { location.hash = '#q=witk'; });
    await page.waitForFunction(() => document.querySelector('#search').value === 'witk');
    assert.deepEqual(await shown(), ['moscow-talks-2026-01-22', 'witkoff']);
  });
});
