// A headless Chromium that ships in an npm package (@sparticuz/chromium): no browser download
// at run time. Pages it opens reach one origin only; every other request is refused and noted,
// so a page that needs the network shows it.
import chromium from "@sparticuz/chromium"
import puppeteer from "puppeteer-core"

const QUIET = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
]

export async function launchBrowser() {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args, ...QUIET],
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
