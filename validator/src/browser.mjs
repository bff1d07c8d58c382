// A headless Chromium that ships in an npm package (@sparticuz/chromium): no browser download
// at run time. Pages it opens reach one origin only; every other request is refused and noted,
// so a page that needs the network shows it.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { setTimeout as sleep } from "node:timers/promises"

import chromium from "@sparticuz/chromium"
import puppeteer from "puppeteer-core"

const QUIET = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
]
// Where the kernel allows it, an isolated browser runs in an empty network namespace: nothing
// a page does (fetch, WebSocket, WebRTC, DNS) reaches a network. DevTools talks over a pipe.
const UNSHARE = spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0
  ? spawnSync("sh", ["-c", "command -v unshare"], { encoding: "utf8" }).stdout.trim()
  : null

export const NETWORK_ISOLATION = UNSHARE !== null

// The package's flags suit one trusted page per process (AWS Lambda). Here a browser runs for
// a while and renders many pages, some untrusted: it keeps the web's security model and one
// process per page (a single-process Chromium now and then dies while it starts).
const UNSAFE = /^--(single-process|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=)/
const ARGS = [...chromium.args.filter((a) => !UNSAFE.test(a)), ...QUIET, "--disable-features=AudioServiceOutOfProcess"]

// The package unpacks its browser into the temporary folder the first time, and answers "ready"
// to any process that finds the file there, even while another is still writing it. Processes
// that start together (the validator's workers, a test's page reader) take turns instead: one
// unpacks under a lock and leaves a mark; the others wait for the mark.
const READY = join(tmpdir(), "chromium.componentforge-ready")
const LOCK = join(tmpdir(), "chromium.componentforge-lock")

async function packagedChromium() {
  while (!existsSync(READY)) {
    try {
      mkdirSync(LOCK)
    } catch {
      let age = 0
      try {
        age = Date.now() - statSync(LOCK).mtimeMs
      } catch {}
      if (age > 120_000) rmSync(LOCK, { recursive: true, force: true }) // its holder died
      await sleep(100)
      continue
    }
    try {
      if (!existsSync(READY)) {
        rmSync(join(tmpdir(), "chromium"), { force: true }) // maybe half-written, unmarked
        await chromium.executablePath()
        writeFileSync(READY, "")
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true })
    }
  }
  return chromium.executablePath()
}

// The package's browser knows one font (Open Sans, wider than the faces most pages name),
// so every family, serif and monospace included, came out in it. It gets only the metric
// twins of Arial/Helvetica, Times and Courier instead (Arimo, Tinos and Cousine, the faces
// Liberation was drawn from): what a page names, or a generic family, lays out at the width
// it has on the machines that made its screenshots. DejaVu Sans and Serif too, named only:
// Linux's default faces, which extraction tells from the others when a screenshot shows them.
const MODULES = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules")
const FONTS = join(MODULES, "@expo-google-fonts")
const NAMED = [join(MODULES, "dejavu-fonts-ttf", "ttf")]
const KINDS = {
  "sans-serif": ["Arimo", "sans", "Arial", "Helvetica", "Helvetica Neue", "Liberation Sans", "system-ui", "ui-sans-serif"],
  serif: ["Tinos", "Times New Roman", "Times", "Liberation Serif", "ui-serif"],
  monospace: ["Cousine", "Courier New", "Courier", "Liberation Mono", "ui-monospace"],
}

let fonts = null // the folder of this process's fonts.conf, once written

function fontConfig() {
  const folder = join(tmpdir(), "componentforge-fonts")
  const aliases = Object.entries(KINDS).flatMap(([generic, [face, ...names]]) => [
    `  <alias><family>${generic}</family><prefer><family>${face}</family></prefer></alias>`,
    ...names.map((n) => `  <alias binding="same"><family>${n}</family><accept><family>${face}</family></accept></alias>`),
  ])
  const conf = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    "<fontconfig>",
    ...["arimo", "tinos", "cousine"].map((f) => `  <dir>${join(FONTS, f)}</dir>`),
    ...NAMED.map((d) => `  <dir>${d}</dir>`),
    `  <cachedir>${join(folder, "cache")}</cachedir>`,
    ...aliases,
    "</fontconfig>",
    "",
  ].join("\n")
  mkdirSync(folder, { recursive: true })
  const file = join(folder, "fonts.conf")
  const temporary = `${file}.${process.pid}`
  writeFileSync(temporary, conf)
  renameSync(temporary, file) // whole, for a browser another process starts meanwhile
  process.env.FONTCONFIG_PATH = folder // the browsers this process starts inherit it
  return folder
}

async function launch(options) {
  // A browser that dies while it starts is tried once more before the caller hears of it.
  try {
    return await puppeteer.launch(options)
  } catch {
    await sleep(250)
    return puppeteer.launch(options)
  }
}

export async function launchBrowser({ isolated = false } = {}) {
  // A system Chromium (the Docker image's, with the system's fonts) when one is named, else
  // the package's, with the fonts above.
  const executablePath = process.env.CF_CHROMIUM || (await packagedChromium())
  if (!process.env.CF_CHROMIUM) fonts ??= fontConfig() // once per process, for every launch
  if (!isolated) return launch({ executablePath, args: ARGS, headless: true })
  if (UNSHARE === null) return launch({ executablePath, args: ARGS, headless: true, pipe: true })
  const defaults = puppeteer.defaultArgs({ args: ARGS, headless: true })
  return launch({
    executablePath: UNSHARE,
    ignoreDefaultArgs: true,
    args: ["-n", executablePath, ...defaults],
    pipe: true,
    headless: true,
  })
}

/** A page whose requests outside `origin` fail; `refused` lists their URLs. */
export async function pageOn(browser, origin) {
  const page = await browser.newPage()
  const refused = []
  await page.setRequestInterception(true)
  page.on("request", (request) => {
    const url = request.url()
    if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) {
      request.continue()
    } else {
      refused.push(url)
      request.abort("internetdisconnected")
    }
  })
  return { page, refused }
}
