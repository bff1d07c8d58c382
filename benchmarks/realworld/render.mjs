// Renders every component of components.mjs with headless Chromium at device scale factors
// 1, 2 and 3, as PNG, and at 1 and 2 also as JPEG and WebP (quality 80), and writes
// manifest.jsonl with the ground truth read from the browser's computed styles (CSS px).
//
//   node benchmarks/realworld/render.mjs OUT_DIR NODE_MODULES_DIR
import { mkdir, writeFile } from "node:fs/promises"
import path from "node:path"
import { pathToFileURL } from "node:url"

import { launchBrowser } from "../../validator/src/browser.mjs"
import { stylesheet } from "../../validator/src/styles.mjs"
import { FRAMEWORKS } from "./components.mjs"

const [out, modules] = process.argv.slice(2)
const SHOTS = [
  [1, "png"], [2, "png"], [3, "png"],
  [1, "jpeg"], [2, "jpeg"], [1, "webp"], [2, "webp"],
]
const PADDED = new Set(["button", "badge", "card", "input", "textarea", "select", "alert", "tabs"])
const LIGHT = "#ffffff"
const DARK = "#1b1c1d"

function page(css, item, themed) {
  const links = css.map((f) => `<link rel="stylesheet" href="${pathToFileURL(path.resolve(modules, f))}">`)
  const bg = item.dark ? DARK : LIGHT
  // A Tailwind theme's dark tokens apply under .dark on the root.
  const root = themed && item.dark ? ' class="dark"' : ""
  return `<!doctype html><html${root}><head><meta charset="utf-8">${links.join("")}
<style>html,body{margin:0;background:${bg}!important}#wrap{display:inline-block;padding:24px;background:${bg}}</style>
</head><body><div id="wrap">${item.html}</div></body></html>`
}

// Runs in the page: the ground truth from computed styles, as the pixels show them: a
// translucent colour (and an element's opacity) composited over what lies behind it.
function truth(padded) {
  // Colours a stylesheet gives in other spaces (Tailwind v4's oklch, color-mix) are read as
  // sRGB by painting one pixel of them.
  const pixel = document.createElement("canvas").getContext("2d", { willReadFrequently: true })
  const srgb = (c) => {
    if (!c || /^rgba?\(/.test(c) || c === "transparent") return c
    pixel.clearRect(0, 0, 1, 1)
    pixel.fillStyle = c
    pixel.fillRect(0, 0, 1, 1)
    const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data
    return `rgba(${r}, ${g}, ${b}, ${Math.round((a / 255) * 1000) / 1000})`
  }
  const opaque = (c) => c && !/rgba\(.*,\s*0\)$/.test(srgb(c)) && c !== "transparent"
  const parse = (c) => {
    const m = srgb(c).match(/rgba?\(([^)]+)\)/)
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
    return [r, g, b, a]
  }
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor
      if (opaque(c) && parse(c)[3] === 1) return parse(c)
    }
    return [255, 255, 255, 1]
  }
  const opacity = (el) => {
    let o = 1
    for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity)
    return o
  }
  const over = (c, base, extra = 1) => {
    const [r, g, b, a] = parse(c)
    const k = a * extra
    return `rgb(${[r, g, b].map((v, i) => Math.round(v * k + base[i] * (1 - k))).join(",")})`
  }
  const root = document.querySelector("[data-c]")
  const cs = getComputedStyle(root)
  const pageBg = getComputedStyle(document.getElementById("wrap")).backgroundColor
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    // Visible text only: a screen-reader-only label (1 px, clipped) is not in the screenshot.
    acceptNode: (n) => {
      const r = n.parentElement.getBoundingClientRect()
      const shown = n.textContent.trim() && r.width > 1 && r.height > 1
      return shown ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP
    },
  })
  const firstText = walker.nextNode()
  const textEl = document.querySelector("[data-text]") || firstText?.parentElement || root
  const surface = document.querySelector("[data-surface]") || root
  const primary = document.querySelector("[data-primary]")
  const replaced = ["INPUT", "TEXTAREA", "SELECT"].includes(root.tagName)
  const ts = getComputedStyle(textEl)
  let foreground = over(ts.color, behind(textEl), opacity(textEl))
  if (replaced && root.placeholder && !root.value)
    foreground = over(getComputedStyle(root, "::placeholder").color, behind(root), opacity(root))
  const box = root.getBoundingClientRect()
  // The main corner radius: the component's own, or the part the field definition names (a
  // checkbox's box, a switch's track), marked data-radius ("::before" for a pseudo-element).
  const shaped = document.querySelector("[data-radius]")
  const rs = shaped ? getComputedStyle(shaped, shaped.dataset.radius || null) : cs
  const rBox = shaped && !shaped.dataset.radius ? shaped.getBoundingClientRect() : null
  const rw = shaped ? rBox?.width ?? parseFloat(rs.width) : box.width
  const rh = shaped ? rBox?.height ?? parseFloat(rs.height) : box.height
  const radius = parseFloat(rs.borderTopLeftRadius) || 0
  const bw = parseFloat(cs.borderTopWidth) || 0
  let padding = null
  if (padded) {
    if (replaced) {
      padding = { x: parseFloat(cs.paddingLeft), y: parseFloat(cs.paddingTop) }
    } else if (firstText) {
      const range = document.createRange()
      range.selectNodeContents(firstText)
      const line = range.getClientRects()[0]
      padding = {
        x: Math.round(line.left - box.left - (parseFloat(cs.borderLeftWidth) || 0)),
        y: Math.round(line.top - box.top - bw),
      }
    }
  }
  const hasText = Boolean(firstText) || (replaced && (root.placeholder || root.value || root.tagName === "SELECT"))
  return {
    colors: {
      primary: primary && opaque(getComputedStyle(primary).backgroundColor) ? srgb(getComputedStyle(primary).backgroundColor) : null,
      background: opaque(getComputedStyle(surface).backgroundColor) ? srgb(getComputedStyle(surface).backgroundColor) : pageBg,
      foreground: hasText ? foreground : null,
      border: bw >= 1 && cs.borderTopStyle !== "none" && opaque(cs.borderTopColor) ? over(cs.borderTopColor, behind(root)) : null,
      page_background: pageBg,
    },
    border_radius_px: radius >= Math.min(rw, rh) / 2 ? 9999 : Math.round(radius),
    font_family: hasText ? ts.fontFamily : null,
    font_size_px: hasText ? parseFloat(ts.fontSize) : null,
    font_weight: hasText ? parseInt(ts.fontWeight, 10) : null,
    padding_px: padding,
    width_px: Math.round(box.width),
    height_px: Math.round(box.height),
  }
}

function hex(colour) {
  if (!colour) return null
  const m = colour.match(/rgba?\(([^)]+)\)/)
  if (!m) return colour
  const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
  // A translucent colour as seen over white (the pages here are white or near black).
  const over = (c) => Math.round(c * a + 255 * (1 - a))
  return "#" + [r, g, b].map((c) => over(c).toString(16).padStart(2, "0")).join("")
}

const browser = await launchBrowser()
const rows = []
try {
  await mkdir(out, { recursive: true })
  const tab = await browser.newPage()
  for (const [name, framework] of Object.entries(FRAMEWORKS)) {
    let css = framework.css ?? []
    if (framework.tailwind) {
      // The stylesheet a project with the shadcn theme would give exactly these classes.
      const file = path.join(out, `${name}.css`)
      await writeFile(file, await stylesheet(framework.items.map((item) => item.html)))
      css = [file]
    }
    for (const [i, item] of framework.items.entries()) {
      const id = `${name}-${item.type}-${i}`
      let label = null
      for (const [dpr, format] of SHOTS) {
        await tab.setViewport({ width: 800, height: 600, deviceScaleFactor: dpr })
        // A file page, so the stylesheets' file: URLs (and their fonts) load.
        const html = path.join(out, `${id}.html`)
        await writeFile(html, page(css, item, Boolean(framework.tailwind)))
        await tab.goto(pathToFileURL(html).href, { waitUntil: "load" })
        await tab.evaluate(() => document.fonts.ready)
        if (!label) label = await tab.evaluate(truth, PADDED.has(item.type))
        const wrap = await tab.$("#wrap")
        const file = `${id}@${dpr}x.${format === "jpeg" ? "jpg" : format}`
        const options = { path: path.join(out, file), type: format }
        if (format !== "png") options.quality = 80
        await wrap.screenshot(options)
        const c = label.colors
        rows.push({
          file, framework: name, dpr, format, component_type: item.type, dark: Boolean(item.dark),
          tokens: {
            colors: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, hex(v)])),
            border_radius_px: label.border_radius_px, font_family: label.font_family,
            font_size_px: label.font_size_px, font_weight: label.font_weight,
            padding_px: label.padding_px, text: item.text,
          },
          width_px: label.width_px, height_px: label.height_px,
        })
      }
    }
  }
  await writeFile(path.join(out, "manifest.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n")
} finally {
  await browser.close()
}
console.log(`${rows.length} screenshots in ${out}`)
