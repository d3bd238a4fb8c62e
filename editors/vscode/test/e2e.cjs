// Drives code-server (VS Code in the browser) with headless Chromium: hover, diagnostics, quick fix,
// the Explain code action and commands of the pyguide extension, against the real pyguide server.
// Run by ../test.sh, which sets: CS_URL, WS_DIR, ART_DIR, CHROMIUM, PLAYWRIGHT_CORE.
// Prints one `PASS name` or `FAIL name: why` line per check; exits 1 if any check failed.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const CS_URL = process.env.CS_URL;
const WS_DIR = process.env.WS_DIR;
const ART = process.env.ART_DIR;
const SAMPLE = path.join(WS_DIR, 'sample.py');
const SETTINGS = path.join(process.env.USER_DATA, 'User', 'settings.json');
const EXT_DIR = process.env.EXT_DIR; // the installed extension

/**
 * Changes the user settings as a user does: "Preferences: Open User Settings (JSON)", replace the text,
 * save, close. (code-server here does not notice a settings.json written behind its back.)
 */
async function editSettings(change) {
  // One line, typed into an editor without auto-closing or auto-indent (see test.sh's settings).
  const next = JSON.stringify(change(JSON.parse(fs.readFileSync(SETTINGS, 'utf8'))));
  await runCommand('Preferences: Open User Settings (JSON)');
  const tab = page.locator('.tabs-container .tab.active', { hasText: 'settings.json' });
  await tab.waitFor({ state: 'visible', timeout: 10000 });
  await page.waitForTimeout(200);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(next);
  await page.keyboard.press('Control+S');
  const end = Date.now() + 5000;
  while (fs.readFileSync(SETTINGS, 'utf8').trim() !== next.trim()) {
    if (Date.now() > end) throw new Error(`settings.json was not saved as wanted: ${fs.readFileSync(SETTINGS, 'utf8')}`);
    await page.waitForTimeout(100);
  }
  // The file is written before the browser hears back that the save is done: wait for that,
  // or closing the editor asks whether to save.
  await page
    .locator('.tabs-container .tab.active.dirty')
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => note('settings.json still shows as dirty after 5 s'));
  await page.keyboard.press('Control+W');
}
const t0 = Date.now();
const note = (s) => console.log(`  [${String(Date.now() - t0).padStart(6)}ms] ${s}`);
let failed = 0;
let page;

async function shot(name) {
  const file = path.join(ART, `${name}.png`);
  await page.screenshot({ path: file });
  note(`screenshot ${file}`);
}

/** Runs one check; a failure is reported (with a screenshot) and the run goes on unless `fatal`. */
async function check(name, fn, { fatal = false } = {}) {
  const start = Date.now();
  try {
    const detail = await fn();
    console.log(`PASS ${name}${detail ? `: ${detail}` : ''} (${Date.now() - start} ms)`);
    return true;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${String((e && e.message) || e).split('\n')[0]}`);
    try {
      await shot(`fail-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    } catch {}
    if (fatal) throw new Error('stopping: a prerequisite failed');
    return false;
  }
}

const norm = (s) => (s || '').replace(/\u00a0/g, ' ');

/** Editor text as rendered (the visible lines), spaces normalised. */
async function editorText() {
  return norm(await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().textContent());
}

/**
 * The on-screen box of the character at `index` within the first occurrence of `needle` in the
 * rendered editor line that contains `lineText`. Works whatever the tokenizer's span split is.
 */
async function charBox(lineText, needle, index = 0) {
  const box = await page.evaluate(
    ({ lineText, needle, index }) => {
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')];
      const line = lines.find((l) => norm(l.textContent).includes(lineText));
      if (!line) return null;
      let target = norm(line.textContent).indexOf(needle);
      if (target < 0) return null;
      target += index;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent.length;
        if (target < seen + len) {
          const r = document.createRange();
          r.setStart(n, target - seen);
          r.setEnd(n, target - seen + 1);
          const b = r.getBoundingClientRect();
          return { x: b.x, y: b.y, width: b.width, height: b.height };
        }
        seen += len;
      }
      return null;
    },
    { lineText, needle, index },
  );
  if (!box) throw new Error(`no rendered line with ${JSON.stringify(lineText)}`);
  return box;
}

/** Moves the mouse to an empty part of the active editor (below the text), so any hover goes away. */
async function dismissHover() {
  const ed = await page.locator('.editor-group-container.active .monaco-editor').first().boundingBox();
  await page.mouse.move(ed.x + ed.width / 2, ed.y + ed.height - 30, { steps: 4 });
  await page.keyboard.press('Escape');
  await page
    .locator('.monaco-hover:not(.hidden) .monaco-hover-content')
    .first()
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(() => {});
}

async function hoverAt(lineText, needle, index, expect) {
  await dismissHover();
  const b = await charBox(lineText, needle, index);
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x - 3, y, { steps: 2 });
  await page.mouse.move(x, y, { steps: 3 });
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: expect }).first();
  await hover.waitFor({ state: 'visible', timeout: 15000 });
  await page.waitForTimeout(400); // let the fade-in finish before a screenshot
  return norm(await hover.innerText());
}

async function clickAt(lineText, needle, index = 0) {
  await dismissHover();
  const b = await charBox(lineText, needle, index);
  await page.mouse.click(b.x + 1, b.y + b.height / 2);
  await page.waitForTimeout(150);
}

/** Clicks the middle of an element with the mouse (no actionability wait: menus re-render on hover). */
async function clickBox(locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box');
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 2 });
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

/** The editor lines that carry a diagnostic squiggle, as "warning: <line text>". */
async function squiggleLines() {
  return page.evaluate(() => {
    const root = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!root) return [];
    const lines = [...root.querySelectorAll('.view-line')].map((l) => ({
      r: l.getBoundingClientRect(),
      text: l.textContent.replace(/\u00a0/g, ' '),
    }));
    const out = [];
    for (const sq of root.querySelectorAll('[class*="squiggly-"]')) {
      const r = sq.getBoundingClientRect();
      const mid = r.y + r.height / 2;
      const line = lines.find((l) => mid >= l.r.y && mid <= l.r.y + l.r.height);
      const kind = (sq.className.match(/squiggly-(\w+)/) || [])[1];
      if (line) out.push(`${kind}: ${line.text.trim()}`);
    }
    return out;
  });
}

async function waitForSquiggles(pred, timeout) {
  const end = Date.now() + timeout;
  let lines = [];
  while (Date.now() < end) {
    lines = await squiggleLines();
    if (pred(lines)) return lines;
    await page.waitForTimeout(150);
  }
  throw new Error(`squiggles are on: ${JSON.stringify(lines)}`);
}

async function runCommand(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** The frame of the pyguide webview whose text contains `text`. */
async function panelFrame(text) {
  await waitForPanel(text);
  for (const f of page.frames()) {
    try {
      const hit = await f.evaluate(
        (t) => !!document.body && document.body.classList.contains('pyguide-card') && document.body.innerText.includes(t),
        text,
      );
      if (hit) return f;
    } catch {}
  }
  throw new Error(`no frame with ${text}`);
}

/** The text of a pyguide webview (a card or the rule list) that contains `text`. */
async function waitForPanel(text, timeout = 20000) {
  const end = Date.now() + timeout;
  let last = [];
  while (Date.now() < end) {
    last = [];
    for (const f of page.frames()) {
      let body = null;
      try {
        body = await f.evaluate(() =>
          document.body && document.body.classList.contains('pyguide-card') ? document.body.innerText : null,
        );
      } catch {}
      if (body !== null) {
        last.push(body.slice(0, 80));
        if (body.includes(text)) return body;
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no pyguide panel with ${JSON.stringify(text)} (panels: ${JSON.stringify(last)})`);
}

async function tabTitles() {
  return (await page.locator('.tabs-container .tab').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

function statusItem() {
  return page.locator('.statusbar-item', { hasText: 'pyguide' }).first();
}

async function waitReady(timeout = 30000) {
  await statusItem().locator('.codicon-check').waitFor({ state: 'visible', timeout });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();

    await check(
      'workbench opens sample.py',
      async () => {
        await page.goto(CS_URL);
        await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
        const item = page.getByRole('treeitem', { name: /sample\.py/ });
        await item.waitFor({ timeout: 30000 });
        await item.click();
        await page.waitForFunction(
          () => (document.querySelector('.monaco-editor .view-lines')?.textContent || '').includes('lru_cache'),
          null,
          { timeout: 30000 },
        );
      },
      { fatal: true },
    );

    await check('status bar shows pyguide ready', async () => {
      await waitReady();
      const label = await statusItem().getAttribute('aria-label');
      return `"${norm(await statusItem().innerText()).trim()}" (${label})`;
    });

    await check('diagnostics: squiggles for PG101, PG401, PG601', async () => {
      // PG401 is an error: `"pyguide.severity": {"PG401": "error"}` in the user settings, sent as initializationOptions.
      const want = ['warning: except:', 'error: def add_item(item, bucket=[])', 'warning: return value == None'];
      const lines = await waitForSquiggles((ls) => want.every((w) => ls.some((l) => l.startsWith(w))), 30000);
      const text = await hoverAt('except:', 'except', 2, 'PG101');
      await page
        .locator('.monaco-hover:not(.hidden)', { hasText: 'Loading...' })
        .waitFor({ state: 'hidden', timeout: 5000 })
        .catch(() => {});
      await shot('diagnostic-hover');
      return `${JSON.stringify(lines)}; hover: ${text.split('\n')[0]}`;
    });

    await check('hover on a decorator shows the functools.lru_cache card', async () => {
      const text = await hoverAt('@functools.lru_cache', 'lru_cache', 2, 'functools.lru_cache');
      await shot('hover-decorator');
      if (!/memoises/.test(text)) throw new Error(`hover lacks the card text: ${text.slice(0, 200)}`);
      return text.split('\n').slice(0, 3).join(' | ');
    });

    await check('hover on @ shows the Decorators card', async () => {
      const text = await hoverAt('@functools.lru_cache', '@', 0, 'Decorators');
      await shot('hover-at-sign');
      return text.split('\n').slice(0, 2).join(' | ');
    });

    await check('quick fix rewrites bare except to `except Exception:`', async () => {
      await clickAt('except:', 'except', 3);
      await page.keyboard.press('Control+Period');
      const menu = page.locator('.action-widget');
      await menu.waitFor({ state: 'visible', timeout: 15000 });
      const fix = menu.locator('.monaco-list-row', { hasText: 'Catch `Exception` instead (PG101)' }).first();
      await fix.waitFor({ state: 'visible', timeout: 15000 });
      const items = norm(await menu.innerText()).split('\n').filter(Boolean);
      await shot('quickfix-menu');
      for (const want of ['Disable PG101 for this line', 'Explain bare-except (PG101)']) {
        if (!items.some((i) => i.includes(want))) throw new Error(`menu lacks "${want}": ${items}`);
      }
      await clickBox(fix);
      await page.waitForFunction(
        () =>
          (document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.textContent || '')
            .replace(/\u00a0/g, ' ')
            .includes('except Exception:'),
        null,
        { timeout: 10000 },
      );
      await page.keyboard.press('Control+S');
      const end = Date.now() + 10000;
      while (!fs.readFileSync(SAMPLE, 'utf8').includes('    except Exception:\n') && Date.now() < end) {
        await page.waitForTimeout(100);
      }
      const disk = fs.readFileSync(SAMPLE, 'utf8');
      if (!disk.includes('    except Exception:\n')) throw new Error('the file on disk still has a bare except');
      // The PG101 warning goes away (a PG103 hint about `except Exception`
      // catching broadly may take its place); the others stay.
      await waitForSquiggles(
        (lines) =>
          !lines.some((l) => /^(warning|error): .*except/.test(l)) && lines.some((l) => l.includes('value == None')),
        10000,
      );
      await shot('after-quickfix');
      return `menu: ${items.join(' / ')}; on disk: "except Exception:"`;
    });

    await check('code action "Explain none-comparison (PG601)" opens the card', async () => {
      await clickAt('value == None', '==', 0);
      await page.keyboard.press('Control+Period');
      const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Explain none-comparison (PG601)' }).first();
      await item.waitFor({ state: 'visible', timeout: 15000 });
      await clickBox(item);
      const body = await waitForPanel('none-comparison: Comparing');
      await page.waitForTimeout(300);
      await shot('explain-code-action');
      if (!body.includes('none-comparison')) throw new Error(`card lacks the rule name: ${body.slice(0, 200)}`);
      const tabs = await tabTitles();
      if (!tabs.some((t) => t.startsWith('pyguide: '))) throw new Error(`no "pyguide: ..." tab: ${tabs}`);
      return `tabs: ${tabs.join(', ')}; card: ${body.split('\n')[0]}`;
    });

    await check('command "pyguide: Explain concept at cursor" shows the card', async () => {
      // Focus the Python editor again (the card opened beside it), put the cursor on the decorator.
      await page.locator('.tabs-container .tab', { hasText: 'sample.py' }).first().click();
      await clickAt('@functools.lru_cache', 'lru_cache', 2);
      await runCommand('pyguide: Explain concept at cursor');
      const body = await waitForPanel('functools.lru_cache');
      await page.waitForTimeout(300);
      await shot('explain-command');
      if (!/memoises/.test(body)) throw new Error(`card lacks the card text: ${body.slice(0, 200)}`);
      const tabs = await tabTitles();
      if (!tabs.some((t) => t.includes('pyguide: functools.lru_cache'))) throw new Error(`tab titles: ${tabs}`);
      return body.split('\n').slice(0, 2).join(' | ');
    });

    await check('command "pyguide: Show all rules" lists the rules', async () => {
      await runCommand('pyguide: Show all rules');
      const body = await waitForPanel('pyguide rules');
      for (const want of ['PG101', 'bare-except', 'PG401', 'PG601']) {
        if (!body.includes(want)) throw new Error(`rule list lacks ${want}`);
      }
      await page.waitForTimeout(300);
      await shot('rules');
      // A code in the list is a command link: it opens that rule's card (through the same middleware).
      const frame = await panelFrame('pyguide rules');
      await frame.locator('a', { hasText: 'PG401' }).first().click();
      const card = await waitForPanel('mutable-default-argument: Mutable default argument');
      return `${body.split('\n').filter((l) => l.startsWith('PG')).length} rule rows; link opened: ${card.split('\n')[0]}`;
    });

    await check('command "pyguide: Restart server" restarts it', async () => {
      await runCommand('pyguide: Restart server');
      // Ready again, and the server answers: a hover works after the restart.
      await page.waitForTimeout(300);
      await waitReady();
      await page.locator('.tabs-container .tab', { hasText: 'sample.py' }).first().click();
      await hoverAt('@functools.lru_cache', 'lru_cache', 2, 'functools.lru_cache');
      return 'ready, hover answered';
    });

    await check('clicking the status bar item opens the pyguide output', async () => {
      await page.keyboard.press('Escape');
      await statusItem().click();
      // The Output panel shows the "pyguide" channel (what is in view depends on the trace setting).
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.part.panel select')].some(
            (sel) => sel.selectedOptions[0] && sel.selectedOptions[0].textContent.trim() === 'pyguide',
          ) && !!document.querySelector('.part.panel .monaco-editor .view-lines'),
        null,
        { timeout: 15000 },
      );
      await page.waitForTimeout(300);
      await shot('output-channel');
      const out = page.locator('.part.panel .monaco-editor .view-lines');
      const lines = norm(await out.first().innerText()).split('\n').filter((l) => l.startsWith('pyguide:'));
      return lines.slice(0, 2).join(' | ');
    });

    await check('a settings change reaches the running server', async () => {
      await page.keyboard.press('Escape');
      await page.locator('.tabs-container .tab', { hasText: 'sample.py' }).first().click();
      await waitForSquiggles((ls) => ls.some((l) => l.includes('value == None')), 10000);
      await editSettings((s) => ({ ...s, 'pyguide.ignore': ['PG601'] }));
      const lines = await waitForSquiggles((ls) => !ls.some((l) => l.includes('value == None')), 15000);
      await shot('settings-ignore-pg601');
      return `"pyguide.ignore": ["PG601"] -> squiggles ${JSON.stringify(lines)}`;
    });

    await check('no runnable server: error message lists the paths tried', async () => {
      const bundled = path.join(EXT_DIR, 'server', 'pyguide');
      fs.renameSync(bundled, `${bundled}.off`);
      try {
        await editSettings((s) => ({ ...s, 'pyguide.path': '/nonexistent/pyguide' }));
        const toast = page.locator('.notification-toast', { hasText: 'could not find a pyguide executable' }).first();
        await toast.waitFor({ state: 'visible', timeout: 20000 });
        await statusItem().locator('.codicon-error').waitFor({ state: 'visible', timeout: 10000 });
        const text = norm(await toast.innerText()).replace(/\s+/g, ' ');
        await page.waitForTimeout(300);
        await shot('error-no-server');
        for (const want of ['/nonexistent/pyguide', `${bundled}`, 'PATH']) {
          if (!text.includes(want)) throw new Error(`message lacks ${want}: ${text}`);
        }
        return text.slice(0, 400);
      } finally {
        fs.renameSync(`${bundled}.off`, bundled);
      }
    });

    await check('back to the bundled server after fixing pyguide.path', async () => {
      await page.keyboard.press('Escape');
      await editSettings((s) => ({ ...s, 'pyguide.path': '' }));
      await waitReady(20000);
      await page.locator('.tabs-container .tab', { hasText: 'sample.py' }).first().click();
      await hoverAt('@functools.lru_cache', 'lru_cache', 2, 'functools.lru_cache');
      return 'ready, hover answered';
    });
  } catch (e) {
    if (!String(e.message).startsWith('stopping')) {
      failed++;
      console.log(`FAIL driver: ${e.message.split('\n')[0]}`);
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

main();
