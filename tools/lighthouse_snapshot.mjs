// Lighthouse's audits of the app's first screen as a screen reader user gets it: open URL in Debian's
// Chromium (phone size), wait for the app, switch Flutter's accessibility tree on, wait for the Today tab,
// then a Lighthouse snapshot (accessibility, best practices) of that page. Used by tools/lighthouse.py:
//   node tools/lighthouse_snapshot.mjs URL REPORT.json CHROMIUM ARG...
import { writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { snapshot } from "lighthouse";

const [url, report, executablePath, ...args] = process.argv.slice(2);
const WAIT = { timeout: 120_000 }; // the offline app boots Python in the page: well over 10 s on 2 cores
const browser = await puppeteer.launch({
  executablePath, args, headless: false, // --headless=new is in args, as the browser tests launch it
  defaultViewport: { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector("flt-semantics-placeholder", WAIT);
  await page.$eval("flt-semantics-placeholder", (e) => e.click());
  await page.waitForSelector('[role="tab"][aria-selected="true"]', WAIT);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // the first screen's last frames
  const result = await snapshot(page, {
    config: {
      extends: "lighthouse:default",
      settings: { onlyCategories: ["accessibility", "best-practices"], screenEmulation: { disabled: true } },
    },
  });
  writeFileSync(report, JSON.stringify(result.lhr));
} finally {
  await browser.close();
}
