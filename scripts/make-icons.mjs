// Rasterizes assets/icon.svg to the PNG sizes the web app manifest lists,
// with the system Chromium. Run after changing the icon: node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const root = new URL('../', import.meta.url).pathname;
const svg = await readFile(`${root}assets/icon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'] });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: `${root}assets/icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
