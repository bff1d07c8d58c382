// Start the sandbox for one render and collect its answer; the sandbox is killed on time-out.
import { spawn, spawnSync } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"

const SANDBOX = path.join(path.dirname(fileURLToPath(import.meta.url)), "sandbox.mjs")
const major = Number(process.versions.node.split(".")[0])
const PERMISSION = major >= 22 ? "--permission" : "--experimental-permission"
// An empty network namespace needs unshare and the right to create one (root, or userns).
export const NETWORK_ISOLATION =
  spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0
const CPU_LIMIT = spawnSync("prlimit", ["--version"], { stdio: "ignore" }).status === 0
// Lowest CPU priority: a component that spins cannot starve the checks of honest ones.
const NICE = spawnSync("nice", ["-n", "19", "true"], { stdio: "ignore" }).status === 0

// Below this share of its wall-clock time on the CPU, a render that ran out of time was starved
// by other work (it runs at the lowest priority), and says nothing about the component.
const STARVED_SHARE = 0.25

/** CPU time (user + system) of a live process, from /proc; null where there is no /proc.
 * Read by `cat`: this worker's permission model lets it read nothing outside validator/. */
function processCpuMs(pid) {
  try {
    const stat = spawnSync("cat", [`/proc/${Number(pid)}/stat`], { encoding: "utf8", timeout: 2000 }).stdout
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10 // utime + stime, in 1/100 s
  } catch {
    return null
  }
}

export function renderInSandbox(bundleCode, { timeoutMs = 8000, memoryMb = 192, cpuSeconds = 10, htmlChars = 524288 } = {}) {
  const node = [
    process.execPath,
    PERMISSION,
    `--allow-fs-read=${SANDBOX}`,
    `--max-old-space-size=${memoryMb}`,
    "--disallow-code-generation-from-strings",
    SANDBOX,
    String(Math.max(500, timeoutMs - 1000)),
    String(htmlChars),
  ]
  const command = [
    ...(NICE ? ["nice", "-n", "19"] : []),
    ...(NETWORK_ISOLATION ? ["unshare", "-n"] : []),
    ...(CPU_LIMIT ? ["prlimit", `--cpu=${cpuSeconds}`] : []),
    ...node,
  ]
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(command[0], command.slice(1), { env: {}, stdio: ["pipe", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    let killed = false
    let cpuMs = null
    const timer = setTimeout(() => { cpuMs = processCpuMs(child.pid); killed = true; child.kill("SIGKILL") }, timeoutMs)
    child.stdout.on("data", (d) => { stdout += d })
    child.stderr.on("data", (d) => { if (stderr.length < 4000) stderr += d })
    child.stdin.on("error", () => {})
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const ms = Date.now() - started
      const sandbox = { network_isolated: NETWORK_ISOLATION, cpu_limited: CPU_LIMIT, memory_mb: memoryMb, ms }
      if (killed && cpuMs !== null && cpuMs < STARVED_SHARE * timeoutMs) {
        return resolve({ ok: false, starved: true, error: `the machine was too busy to finish rendering (${cpuMs} ms of CPU in ${timeoutMs} ms)`, sandbox })
      }
      if (killed) return resolve({ ok: false, error: `rendering did not finish within ${timeoutMs} ms and was stopped`, sandbox })
      try {
        return resolve({ ...JSON.parse(stdout), sandbox })
      } catch {
        const why = /heap out of memory|Allocation failed/i.test(stderr)
          ? `rendering ran out of memory (limit ${memoryMb} MB)`
          : signal === "SIGXCPU" || signal === "SIGKILL"
            ? "rendering exceeded its CPU-time limit"
            : `the render process failed (exit ${code ?? signal}): ${stderr.split("\n").find((l) => l.trim()) ?? "no output"}`
        return resolve({ ok: false, error: why, sandbox })
      }
    })
    child.stdin.end(bundleCode)
  })
}
