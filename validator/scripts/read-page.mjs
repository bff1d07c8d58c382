// Opens a page in the validator's headless Chromium and prints what each
// `[data-component]` section shows: {"sections": {name: {text, width, height}}, "refused": [...]}.
// Used by examples/vite-app/check.py to prove a built app renders its components.
import { launchBrowser, pageOn } from "../src/browser.mjs"

const url = process.argv[2]
if (!url) {
  process.stderr.write("usage: node scripts/read-page.mjs URL\n")
  process.exit(2)
}
const origin = new URL(url).origin
const browser = await launchBrowser()
try {
  const { page, refused } = await pageOn(browser, origin)
  const errors = []
  page.on("pageerror", (error) => errors.push(String(error)))
  await page.goto(url, { waitUntil: "networkidle0", timeout: 30_000 })
  await page.waitForSelector("[data-component]", { timeout: 10_000 })
  const sections = await page.$$eval("[data-component]", (nodes) =>
    Object.fromEntries(
      nodes.map((node) => {
        const box = node.firstElementChild?.getBoundingClientRect()
        const fields = [...node.querySelectorAll("input, textarea")].map((f) => f.value || f.placeholder)
        return [
          node.getAttribute("data-component"),
          { text: [node.innerText, ...fields].join(" ").replace(/\s+/g, " ").trim(), width: box?.width ?? 0, height: box?.height ?? 0 },
        ]
      }),
    ),
  )
  process.stdout.write(JSON.stringify({ sections, refused, errors }) + "\n")
} finally {
  await browser.close()
}
