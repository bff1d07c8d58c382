// A headless Chromium that ships in an npm package (@sparticuz/chromium): no browser download
// at run time. Pages it opens reach one origin only; every other request is refused and noted,
// so a page that needs the network shows it.
import { spawnSync } from "node:child_process"

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

// The package's flags suit one trusted page per process (AWS Lambda); an isolated browser runs
// untrusted pages, so it keeps the web's security model and one process per page.
const UNSAFE = /^--(single-process|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=)/

export async function launchBrowser({ isolated = false } = {}) {
  // A system Chromium (the Docker image's) when one is named, else the package's.
  const executablePath = process.env.CF_CHROMIUM || (await chromium.executablePath())
  if (!isolated) {
    return puppeteer.launch({ executablePath, args: [...chromium.args, ...QUIET], headless: true })
  }
  const args = [...chromium.args.filter((a) => !UNSAFE.test(a)), ...QUIET, "--disable-features=AudioServiceOutOfProcess"]
  if (UNSHARE === null) return puppeteer.launch({ executablePath, args, headless: true, pipe: true })
  const defaults = puppeteer.defaultArgs({ args, headless: true })
  return puppeteer.launch({
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
