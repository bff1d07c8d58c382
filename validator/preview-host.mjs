// The preview: a long-running headless Chromium that renders a component's page (its bundle and
// its Tailwind CSS, inline) and screenshots each story. The validator worker starts this process
// and talks to it one JSON line at a time. The component's code runs only inside the page: the
// browser sits in an empty network namespace where the kernel allows it, every request the page
// makes is refused (nothing is fetched, not even a file:// URL), each render gets a fresh
// browser context and a time limit, and a page that does not finish takes the browser down
// with it (a new one starts for the next render).
import readline from "node:readline"

import { launchBrowser, NETWORK_ISOLATION } from "./src/browser.mjs"
import { require } from "./src/cjs.mjs"

const axe = require("axe-core")

const MARGIN = 8 // CSS px of page around each story's screenshot
const MAX_SIDE = 4096 // CSS px: a story larger than this is cut

let browser = null

async function ensureBrowser() {
  if (browser === null || !browser.connected) {
    browser = await launchBrowser({ isolated: true })
  }
  return browser
}

function killBrowser() {
  const dead = browser
  browser = null
  try {
    dead?.process()?.kill("SIGKILL")
  } catch {}
}

// axe-core's colour-contrast rule needs layout, which only a real browser has: run on the
// rendered page, it pairs each text with the colours actually painted behind it.
async function audit(page) {
  const started = Date.now()
  await page.evaluate(axe.source)
  const stories = await page.evaluate(async () => {
    const out = []
    for (const section of document.querySelectorAll("section[data-story]")) {
      const result = await window.axe.run(section, {
        runOnly: { type: "rule", values: ["color-contrast"] },
        resultTypes: ["violations", "passes"],
      })
      out.push({
        story: section.dataset.story,
        passes: result.passes.reduce((n, rule) => n + rule.nodes.length, 0),
        violations: result.violations.flatMap((rule) => rule.nodes.slice(0, 5).map((node) => ({
          impact: node.impact ?? rule.impact ?? "serious",
          help: rule.help,
          help_url: rule.helpUrl,
          html: node.html.slice(0, 300),
          target: node.target.join(" ").slice(0, 300),
          ratio: node.any?.[0]?.data?.contrastRatio ?? null,
          expected: node.any?.[0]?.data?.expectedContrastRatio ?? null,
          foreground: node.any?.[0]?.data?.fgColor ?? null,
          background: node.any?.[0]?.data?.bgColor ?? null,
        }))),
      })
    }
    return out
  })
  return { stories, ms: Date.now() - started }
}

async function shoot(request) {
  const started = Date.now()
  const b = await ensureBrowser()
  const context = await b.createBrowserContext()
  try {
    const page = await context.newPage()
    const refused = []
    await page.setRequestInterception(true)
    page.on("request", (r) => {
      if (r.url().startsWith("data:")) return r.continue()
      refused.push(r.url().slice(0, 200))
      return r.abort("blockedbyclient")
    })
    const scale = Math.min(4, Math.max(1, Number(request.scale) || 1))
    const width = Math.min(MAX_SIDE, Math.max(320, Number(request.width) || 800))
    await page.setViewport({ width, height: 600, deviceScaleFactor: scale })
    await page.setContent(request.html, { waitUntil: "load" })
    const mounted = await page.evaluate(() => window.__mounted ?? { error: "the page did not mount" })
    if (mounted.error) return { ok: false, error: mounted.error, refused }
    await page.evaluate(() => document.fonts.ready.then(() => new Promise(requestAnimationFrame)))
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll("section[data-story]")].map((s) => {
        const el = s.firstElementChild ?? s
        const r = el.getBoundingClientRect()
        // What a person reads: the text, and what fields show (their value, else placeholder).
        const shown = [s.innerText ?? ""]
        for (const field of s.querySelectorAll("input, textarea")) {
          if (field.type !== "hidden" && field.getClientRects().length) shown.push(field.value || field.placeholder || "")
        }
        const text = shown.join(" ").replace(/\s+/g, " ").trim().slice(0, 2000)
        return { story: s.dataset.story, x: r.left, y: r.top + window.scrollY, width: r.width, height: r.height, text }
      }),
    )
    // One capture of the page around every story (each capture costs as much as a small
    // page), cut into stories by the caller along the boxes.
    const shown = boxes.filter((b) => b.width >= 1 && b.height >= 1)
    const images = []
    let png = null
    if (shown.length) {
      const x0 = Math.max(0, Math.min(...shown.map((b) => b.x)) - MARGIN)
      const y0 = Math.max(0, Math.min(...shown.map((b) => b.y)) - MARGIN)
      const x1 = Math.min(x0 + MAX_SIDE, Math.max(...shown.map((b) => b.x + b.width)) + MARGIN)
      const y1 = Math.min(y0 + MAX_SIDE, Math.max(...shown.map((b) => b.y + b.height)) + MARGIN)
      png = await page.screenshot({
        clip: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
        encoding: "base64",
        captureBeyondViewport: true,
      })
      for (const box of boxes) {
        const story = mounted.stories.find((s) => s.story === box.story)
        if (story?.error || box.width < 1 || box.height < 1) {
          images.push({ story: box.story, error: story?.error ?? "the story rendered nothing visible" })
          continue
        }
        // Where the component is in the capture, in CSS px.
        images.push({ story: box.story, text: box.text, box: { x: box.x - x0, y: box.y - y0, width: box.width, height: box.height } })
      }
    }
    const renderMs = Date.now() - started
    const contrast = request.contrast ? await audit(page) : null
    return { ok: true, png, margin: MARGIN, images, refused, scale, render_ms: renderMs, contrast }
  } finally {
    await context.close().catch(() => {})
  }
}

async function handle(request) {
  const started = Date.now()
  try {
    await ensureBrowser() // a cold start (seconds) is not the page's time
  } catch (error) {
    return { ok: false, unavailable: true, error: `the browser could not start: ${String(error?.message ?? error).slice(0, 300)}`, ms: Date.now() - started }
  }
  const timeoutMs = Math.min(60000, Math.max(500, Number(request.timeout_ms) || 8000))
  let timer
  const expired = new Promise((resolve) => {
    timer = setTimeout(() => {
      killBrowser() // a page that spins holds its renderer: the browser goes with it
      resolve({ ok: false, error: `the preview did not finish within ${timeoutMs} ms and was stopped` })
    }, timeoutMs)
  })
  try {
    const result = await Promise.race([shoot(request), expired])
    return { ...result, ms: Date.now() - started, network_isolated: NETWORK_ISOLATION }
  } catch (error) {
    if (browser !== null && !browser.connected) browser = null
    return { ok: false, error: `the browser failed: ${String(error?.message ?? error).slice(0, 300)}`, ms: Date.now() - started }
  } finally {
    clearTimeout(timer)
  }
}

// One render at a time: the queue keeps requests in order and the browser to one page.
let tail = Promise.resolve()
const lines = readline.createInterface({ input: process.stdin })
lines.on("line", (line) => {
  let request
  try {
    request = JSON.parse(line)
  } catch {
    return
  }
  tail = tail.then(async () => {
    const result = request.op === "warmup" ? await warm() : await handle(request)
    process.stdout.write(JSON.stringify({ id: request.id, result }) + "\n")
  })
})
lines.on("close", async () => {
  await tail.catch(() => {})
  await browser?.close().catch(() => {})
  process.exit(0)
})

async function warm() {
  const started = Date.now()
  try {
    await ensureBrowser()
    return { ok: true, ms: Date.now() - started }
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error).slice(0, 300), ms: Date.now() - started }
  }
}

process.stdout.write(JSON.stringify({ ready: true }) + "\n")
