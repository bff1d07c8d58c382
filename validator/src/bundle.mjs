// Compile the component and its stories into one browser script that renders every story to
// HTML. platform "browser" keeps Node built-ins (fs, child_process, net) out of the bundle.
// Every import of a submitted file is decided by imports.mjs before anything is read, and every
// installed file is read here (under the worker's permission model), never by esbuild itself.
import fs from "node:fs"
import path from "node:path"

import { require } from "./cjs.mjs"
import { loadableInstalledFile, refusal } from "./imports.mjs"
import { WORKSPACE } from "./workspace.mjs"

const esbuild = require("esbuild")

// Server rendering never runs effects; the entry records them (React's CommonJS exports are a
// plain object) and runs each after the render, inside the same time limit, so an effect that
// never returns stops the render. What an effect throws is ignored: there is no DOM here.
function entry(stem, componentName, hasStories, maxStories) {
  return `
import * as React from "react"
import ReactExports from "react"
import { flushSync } from "react-dom"
import { createRoot } from "react-dom/client"
import { renderToString } from "react-dom/server"
import * as Module from "@/components/ui/${stem}"
${hasStories ? `import * as Stories from "@/components/ui/${stem}.stories"` : "const Stories = {}"}

const effects = []
for (const hook of ["useEffect", "useLayoutEffect", "useInsertionEffect"]) {
  const original = ReactExports[hook]
  if (typeof original !== "function") continue
  ReactExports[hook] = function (effect, deps) {
    if (typeof effect === "function") effects.push(effect)
    return original.call(this, effect, deps)
  }
}

function runEffects() {
  for (const effect of effects.splice(0)) {
    try {
      const cleanup = effect()
      if (typeof cleanup === "function") cleanup()
    } catch {}
  }
}

function pick() {
  const named = ${JSON.stringify(componentName ?? "")}
  if (named && typeof Module[named] === "function") return Module[named]
  if (typeof Module.default === "function") return Module.default
  return Object.values(Module).find((v) => typeof v === "function" && /^[A-Z]/.test(v.name || ""))
}

function storyElements(bareFirst) {
  const meta = Stories.default ?? {}
  const Component = meta.component ?? pick()
  const stories = Object.entries(Stories).filter(([k, v]) => k !== "default" && v && typeof v === "object")
  if (stories.length > ${maxStories}) {
    throw new Error(\`the stories file has \${stories.length} stories; the limit is ${maxStories}\`)
  }
  // The preview shows the component with its defaults first: it is what the screenshot showed.
  const all = bareFirst ? [["Component", {}, true], ...stories] : stories.length ? stories : [["Default", {}, true]]
  return all.map(([name, story, bare]) => ({
    name: bare ? name : story.name ?? name,
    element() {
      if (bare) {
        if (!Component) throw new Error("no component to render")
        return React.createElement(Component, {})
      }
      const args = { ...(meta.args ?? {}), ...(story.args ?? {}) }
      if (!story.render && !Component) throw new Error("no component to render")
      return story.render ? story.render(args) : React.createElement(Component, args)
    },
  }))
}

// In a real browser (the preview): each story mounted in its own section of the page.
export function mountAll(container) {
  return storyElements(true).map(({ name, element }) => {
    const section = document.createElement("section")
    section.dataset.story = name
    container.append(section)
    try {
      const root = createRoot(section)
      flushSync(() => root.render(element()))
      return { story: name }
    } catch (error) {
      return { story: name, error: String(error && error.message || error) }
    }
  })
}

export function renderAll() {
  return storyElements(false).map(({ name, element }) => {
    try {
      const html = renderToString(element())
      runEffects()
      return { story: name, html }
    } catch (error) {
      effects.length = 0
      return { story: name, error: String(error && error.message || error) }
    }
  })
}
`
}

// One incremental esbuild context per worker: node_modules (React, Radix, the lucide barrel)
// are parsed once and reused; the virtual files are loaded anew on every build.
let context
const current = { files: new Map(), entry: "", refused: [] }
const ENTRY = path.join(WORKSPACE, "__entry__.tsx")

/** The bundle's code, or throws; `refused` lists the imports the policy turned down. */
export async function bundle(files, target, componentName, maxStories = 50) {
  current.files = files
  current.refused = []
  current.entry = entry(target.stem, componentName, files.has(target.stories), maxStories)
  context ??= await esbuild.context({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    globalName: "__componentforge",
    target: "es2022",
    jsx: "automatic",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [workspacePlugin],
  })
  const result = await context.rebuild()
  return result.outputFiles[0].text
}

function find(base) {
  return [base, `${base}.tsx`, `${base}.ts`].find((c) => current.files.get(c) !== undefined)
}

const installed = new Map() // path -> contents: node_modules does not change while we run

const LOADERS = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".jsx": "jsx" }

const workspacePlugin = {
  name: "workspace",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return { path: ENTRY, namespace: "workspace" }
      // Inside an installed package esbuild resolves as usual; onLoad below checks the file.
      if (args.namespace !== "workspace") return undefined
      const why = refusal(args.path, args.importer, args.with)
      if (why) {
        current.refused.push({ specifier: args.path, importer: args.importer, reason: why })
        return { errors: [{ text: why }] }
      }
      if (args.path.startsWith("@/")) return virtual(path.join(WORKSPACE, args.path.slice(2)), args.path)
      if (args.path.startsWith(".")) return virtual(path.resolve(path.dirname(args.importer), args.path), args.path)
      return undefined // an allowed package, found in node_modules by esbuild's resolver
    })
    build.onLoad({ filter: /.*/, namespace: "workspace" }, (args) => ({
      contents: args.path === ENTRY ? current.entry : current.files.get(args.path),
      loader: args.path.endsWith(".ts") ? "ts" : "tsx",
      resolveDir: path.dirname(args.path),
    }))
    build.onLoad({ filter: /.*/ }, (args) => {
      const real = realPath(args.path)
      if (args.namespace !== "file" || !real || !loadableInstalledFile(real)) {
        return { errors: [{ text: `refused to load ${args.namespace}:${args.path}` }] }
      }
      if (!installed.has(real)) installed.set(real, fs.readFileSync(real, "utf8"))
      return {
        contents: installed.get(real),
        loader: LOADERS[path.extname(real)] ?? "js",
        resolveDir: path.dirname(args.path),
      }
    })
  },
}

function virtual(base, specifier) {
  const found = find(base)
  return found ? { path: found, namespace: "workspace" } : { errors: [{ text: `cannot resolve ${specifier}` }] }
}

function realPath(file) {
  try {
    return fs.realpathSync(file)
  } catch {
    return null
  }
}

/** The imports the last build refused. */
export function refusedImports() {
  return current.refused
}

export async function closeBundler() {
  await context?.dispose()
}
