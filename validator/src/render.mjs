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

export function renderInSandbox(bundleCode, { timeoutMs = 8000, memoryMb = 192, cpuSeconds = 10 } = {}) {
  const node = [
    process.execPath,
    PERMISSION,
    `--allow-fs-read=${SANDBOX}`,
    `--max-old-space-size=${memoryMb}`,
    "--disallow-code-generation-from-strings",
    SANDBOX,
    String(Math.max(500, timeoutMs - 1000)),
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
    const timer = setTimeout(() => { killed = true; child.kill("SIGKILL") }, timeoutMs)
    child.stdout.on("data", (d) => { stdout += d })
    child.stderr.on("data", (d) => { if (stderr.length < 4000) stderr += d })
    child.stdin.on("error", () => {})
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const ms = Date.now() - started
      const sandbox = { network_isolated: NETWORK_ISOLATION, cpu_limited: CPU_LIMIT, memory_mb: memoryMb, ms }
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
