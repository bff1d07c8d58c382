// Opens the API's /docs and /redoc in the validator's headless Chromium with no network beyond
// the server, and prints what a reader would see: the operations listed, what was refused.
import { launchBrowser, pageOn } from "../../validator/src/browser.mjs"

const origin = process.argv[2]
const browser = await launchBrowser()
try {
  const docs = await pageOn(browser, origin)
  await docs.page.goto(`${origin}/docs`, { waitUntil: "networkidle0", timeout: 30000 })
  await docs.page.waitForSelector(".opblock", { timeout: 20000 })
  const operations = await docs.page.$$eval(".opblock-summary-path", (nodes) =>
    nodes.map((n) => n.getAttribute("data-path") || n.textContent.trim()))
  const redoc = await pageOn(browser, origin)
  await redoc.page.goto(`${origin}/redoc`, { waitUntil: "networkidle0", timeout: 30000 })
  await redoc.page.waitForSelector("[data-section-id^='tag/'], [data-section-id^='operation/']", { timeout: 20000 })
  const sections = await redoc.page.$$eval("[data-section-id^='operation/']", (nodes) => nodes.length)
  console.log(JSON.stringify({ operations, redoc_operations: sections, refused: [...docs.refused, ...redoc.refused] }))
} finally {
  await browser.close()
}
