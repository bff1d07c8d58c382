// Runs one bundle, read from stdin, in a context that holds no Node API at all, and prints the
// rendered HTML as JSON. The parent starts this process with an empty environment, Node's
// permission model (no file writes, no child processes, no workers), a heap limit, a CPU-time
// limit and, where the kernel allows it, an empty network namespace; and kills it on timeout.
import vm from "node:vm"

const STARVED_SHARE = 0.25

// The audit after the render (axe in jsdom) costs time in proportion to the HTML: a few bytes
// of code rendering a hundred thousand elements must not hold the checker for a minute.
function capHtml(stories, limit) {
  let total = 0
  for (const story of stories) {
    if (typeof story.html !== "string") continue
    total += story.html.length
    if (total > limit) {
      story.error = `rendered more than ${limit} characters of HTML (the limit for all stories together)`
      delete story.html
    }
  }
  return stories
}

const chunks = []
process.stdin.on("data", (c) => chunks.push(c))
process.stdin.on("end", () => {
  const code = Buffer.concat(chunks).toString("utf8")
  // React's scheduler wants a MessageChannel at load time; this one only loops back in-process.
  class MessageChannel {
    constructor() {
      const a = { onmessage: null }
      const b = { onmessage: null }
      a.postMessage = (data) => queueMicrotask(() => b.onmessage?.({ data }))
      b.postMessage = (data) => queueMicrotask(() => a.onmessage?.({ data }))
      this.port1 = a
      this.port2 = b
    }
  }
  const context = vm.createContext({
    MessageChannel,
    performance: { now: () => performance.now() },
    console: { log() {}, warn() {}, error() {}, info() {}, debug() {} },
    setTimeout: () => 0,
    clearTimeout() {},
    setInterval: () => 0,
    clearInterval() {},
    queueMicrotask: (fn) => Promise.resolve().then(fn),
    TextEncoder,
    TextDecoder,
    URL,
    Symbol,
    Promise,
  })
  let out
  try {
    const rendered = vm.runInContext(`${code}\n;__componentforge.renderAll()`, context, {
      timeout: Number(process.argv[2] || 5000),
      filename: "component.js",
    })
    out = { ok: true, stories: capHtml(JSON.parse(JSON.stringify(rendered)), Number(process.argv[3] || 524288)) }
  } catch (error) {
    if (error?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      // A component that spins burns its time on the CPU; one that got little CPU was starved
      // by a busy machine, and says nothing about the component.
      const { user, system } = process.cpuUsage()
      const cpuMs = Math.round((user + system) / 1000)
      out = cpuMs < STARVED_SHARE * Number(process.argv[2])
        ? { ok: false, starved: true, error: `the machine was too busy to finish rendering (${cpuMs} ms of CPU in ${process.argv[2]} ms)` }
        : { ok: false, error: `rendering did not finish within ${process.argv[2]} ms and was stopped` }
    } else {
      out = { ok: false, error: String(error?.message ?? error) }
    }
  }
  process.stdout.write(JSON.stringify(out), () => process.exit(0))
})
