// ComponentForge's validator: a long-running process answering one JSON request per line on
// stdin with one JSON line on stdout. The compiler, the linter and axe load once.
import path from "node:path"
import readline from "node:readline"

import { checkAccessibility } from "./src/axe.mjs"
import { bundle, closeBundler, refusedImports } from "./src/bundle.mjs"
import { requirementCoverage } from "./src/coverage.mjs"
import { format } from "./src/format.mjs"
import { lint } from "./src/lint.mjs"
import { closePreview, preview, previewPage, warmPreview } from "./src/preview.mjs"
import { renderInSandbox } from "./src/render.mjs"
import { scanSafety } from "./src/safety.mjs"
import { stylesheet } from "./src/styles.mjs"
import { TypeChecker } from "./src/typecheck.mjs"
import { libraryFiles, targetPaths } from "./src/workspace.mjs"

const library = libraryFiles()
const checker = new TypeChecker(library)

// Requests interleave (a render waits on its sandbox process, not on this one); the bundler's
// incremental context and axe's document are shared, so those two steps take turns.
function exclusive() {
  let tail = Promise.resolve()
  return (fn) => {
    const run = tail.then(fn)
    tail = run.catch(() => {})
    return run
  }
}
const bundling = exclusive()
const auditing = exclusive()

// The first check JIT-compiles the compiler, the linter, the bundler and axe (seconds): the
// pool asks for this right after start-up, so that no user's request pays for it.
async function warmUp() {
  const started = performance.now()
  if (process.env.CF_PREVIEW === "1") void warmPreview() // the browser starts meanwhile
  const sample = [...library].find(([file]) => file.endsWith(`${path.sep}button.tsx`))
  if (sample) {
    const stories = 'import type { Meta } from "@storybook/react"\nimport { Button } from "./Warmup"\n' +
      'export default { component: Button, args: { children: "Go" } } satisfies Meta<typeof Button>\n' +
      "export const Primary = {}\n"
    await validate({ code: sample[1], stories, component_name: "Button", file_stem: "Warmup", fix: true,
      requirements: { props: ["variant"] } })
  }
  return { warmed: Boolean(sample), ms: Math.round(performance.now() - started) }
}

async function previewOf(code, request, files, time) {
  const options = request.preview
  const css = await time("styles", () => stylesheet([...files.values()]))
  const html = previewPage(code, css, { background: options.background, dark: options.dark })
  return preview(html, { scale: options.scale, width: options.width, timeoutMs: options.timeout_ms, contrast: true })
}

async function validate(request) {
  const timings = {}
  const time = async (name, fn) => {
    const t = performance.now()
    try {
      return await fn()
    } finally {
      timings[name] = Math.round(performance.now() - t)
    }
  }
  // Formatted first, so every finding's line is a line of the file the caller gets back.
  let formatted = null
  if (request.format) {
    const [code, stories] = await time("prettier", () => Promise.all([
      format(request.code), request.stories ? format(request.stories) : null,
    ]))
    request = { ...request, code: code.code, stories: stories?.code ?? request.stories }
    formatted = { code: code.code, stories: stories?.code ?? null, error: code.error ?? stories?.error ?? null }
  }
  const target = targetPaths(request.file_stem)
  const files = new Map([[target.component, request.code]])
  if (request.stories) files.set(target.stories, request.stories)
  const everything = new Map([...library, ...files])

  // The sandboxed render runs in its own process while this one type-checks and lints; the
  // preview renders the same bundle in the browser process.
  let refused = []
  let previewing = Promise.resolve(null)
  const rendering = time("render", async () => {
    try {
      const code = await bundling(async () => {
        try {
          return await bundle(everything, target, request.component_name, request.max_stories ?? 50)
        } finally {
          refused = refusedImports()
        }
      })
      if (request.preview) previewing = time("preview", () => previewOf(code, request, everything, time))
      return await renderInSandbox(code, request.limits)
    } catch (error) {
      const first = error.errors?.[0]
      const where = first?.location ? ` (line ${first.location.line})` : ""
      return { ok: false, error: `the component could not be compiled: ${first?.text ?? error.message}${where}` }
    }
  })
  const { program, errors } = await time("typescript", () => checker.check(files))
  const source = program.getSourceFile(target.component)
  const storiesSource = request.stories ? program.getSourceFile(target.stories) : null
  const security = await time("security", () => [
    ...scanSafety(source),
    ...(storiesSource ? scanSafety(storiesSource).map((f) => ({ ...f, file: "stories" })) : []),
  ])
  const coverage = request.requirements
    ? await time("requirements", () => requirementCoverage(program, target.component, request.component_name, request.requirements))
    : null
  const linted = await time("eslint", () => lint(request.code, target.component, request.fix !== false))
  let storiesLint = null
  if (request.stories) storiesLint = await lint(request.stories, target.stories, false)
  const rendered = await rendering
  // What the static scan did not see (it should see all): the bundler's own refusals.
  for (const r of refused) {
    if (!security.some((f) => f.rule === "forbidden-import" && f.message === r.reason)) {
      security.push({ rule: "forbidden-import", severity: "critical", line: null, message: r.reason,
        code: r.specifier.slice(0, 120), file: r.importer === target.stories ? "stories" : "component" })
    }
  }
  const failedStory = (rendered.stories ?? []).find((s) => s.html === undefined)
  if (rendered.ok && failedStory) {
    rendered.ok = false
    rendered.error = `story "${failedStory.story}" failed to render: ${failedStory.error}`
  }
  const renderedStories = (rendered.stories ?? []).filter((s) => s.html !== undefined)
  // The audit of the sandbox's HTML runs here while the browser is still on the preview.
  const violations = renderedStories.length
    ? await time("axe", () => auditing(() => checkAccessibility(renderedStories)))
    : []
  const previewed = await previewing
  return {
    typescript: { errors },
    eslint: {
      errors: linted.errors,
      warnings: linted.warnings,
      stories_errors: storiesLint?.errors ?? [],
    },
    fixed_code: linted.fixedCode,
    auto_fixes: linted.autoFixes,
    render: {
      ok: Boolean(rendered.ok),
      starved: Boolean(rendered.starved),
      error: rendered.error ?? null,
      stories: (rendered.stories ?? []).map((s) => ({ story: s.story, ok: s.html !== undefined, error: s.error ?? null, html: s.html?.slice(0, 2000) })),
      sandbox: rendered.sandbox ?? null,
    },
    a11y: { violations },
    preview: previewed,
    requirements: coverage,
    security: { findings: security },
    formatted,
    timings,
  }
}

const lines = readline.createInterface({ input: process.stdin })
lines.on("line", async (line) => {
  let request
  try {
    request = JSON.parse(line)
  } catch {
    process.stdout.write(JSON.stringify({ id: null, error: "malformed request" }) + "\n")
    return
  }
  try {
    const result = request.op === "ping" ? { pong: true }
      : request.op === "warmup" ? await warmUp()
      : request.op === "warmup_preview" ? await warmPreview()
      : await validate(request)
    process.stdout.write(JSON.stringify({ id: request.id, result }) + "\n")
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: request.id, error: String(error?.stack ?? error) }) + "\n")
  }
})
lines.on("close", async () => {
  closePreview()
  await closeBundler()
  process.exit(0)
})
process.stdout.write(JSON.stringify({ ready: true }) + "\n")
