// The worker's side of the preview: the page (the checked bundle and its CSS, inline), and the
// preview host process (preview-host.mjs), started on first use and restarted when it dies.
import { spawn } from "node:child_process"
import path from "node:path"
import readline from "node:readline"

import { VALIDATOR } from "./workspace.mjs"

const HOST = path.join(VALIDATOR, "preview-host.mjs")
const COLOUR = /^#[0-9a-f]{6}$/i

let host = null
let nextId = 1
const waiting = new Map()

function start() {
  const child = spawn(process.execPath, ["--max-old-space-size=256", HOST], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      ...(process.env.CF_CHROMIUM ? { CF_CHROMIUM: process.env.CF_CHROMIUM } : {}),
    },
    stdio: ["pipe", "pipe", "ignore"],
  })
  const ready = new Promise((resolve) => {
    const lines = readline.createInterface({ input: child.stdout })
    lines.on("line", (line) => {
      let message
      try {
        message = JSON.parse(line)
      } catch {
        return
      }
      if (message.ready) return resolve(true)
      waiting.get(message.id)?.(message.result)
      waiting.delete(message.id)
    })
  })
  child.on("exit", () => {
    if (host?.child === child) host = null
    for (const [id, resolve] of waiting) {
      resolve({ ok: false, error: "the preview process stopped" })
      waiting.delete(id)
    }
  })
  child.stdin.on("error", () => {})
  host = { child, ready }
  return host
}

function ask(request, timeoutMs) {
  const h = host ?? start()
  const id = nextId++
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id)
      h.child.kill("SIGKILL") // the host missed its own limit: start afresh next time
      resolve({ ok: false, error: `the preview process did not answer within ${timeoutMs} ms` })
    }, timeoutMs)
    waiting.set(id, (result) => {
      clearTimeout(timer)
      resolve(result)
    })
    h.ready.then(() => h.child.stdin.write(JSON.stringify({ ...request, id }) + "\n"))
  })
}

/** Starts the browser ahead of the first preview (it takes seconds cold). */
export function warmPreview() {
  return ask({ op: "warmup" }, 60000)
}

function inert(text, tag) {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1")
}

/** The page a preview renders: the bundle mounts every story into <main>. */
export function previewPage(bundleCode, css, { background = "#ffffff", dark = false } = {}) {
  const page = COLOUR.test(background) ? background : "#ffffff"
  return `<!doctype html><html lang="en"${dark ? ' class="dark"' : ""}><head><meta charset="utf-8">
<title>Component preview</title><style>${inert(css, "style")}</style>
<style>body{margin:0;background:${page}}main{display:flex;flex-direction:column;align-items:flex-start;gap:32px;padding:24px}</style>
</head><body><main id="root"></main><script>${inert(bundleCode, "script")}
;try{window.__mounted={stories:__componentforge.mountAll(document.getElementById("root"))}}catch(e){window.__mounted={error:String(e&&e.message||e)}}</script></body></html>`
}

/** Screenshots of each story (PNG, base64) at `scale` device px per CSS px. */
export async function preview(html, { scale = 1, width = 800, timeoutMs = 8000, contrast = false } = {}) {
  // The host has its own limit (the page, inside the browser); this one covers the host.
  return ask({ html, scale, width, timeout_ms: timeoutMs, contrast }, timeoutMs + 15000)
}

export function closePreview() {
  host?.child.stdin.end()
}
