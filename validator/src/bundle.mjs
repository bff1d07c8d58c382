// Compile the component and its stories into one browser script that renders every story to
// HTML. platform "browser" keeps Node built-ins (fs, child_process, net) out of the bundle.
import path from "node:path"
import * as esbuild from "esbuild"

import { WORKSPACE } from "./workspace.mjs"

function entry(stem, componentName, hasStories) {
  return `
import * as React from "react"
import { renderToString } from "react-dom/server"
import * as Module from "@/components/ui/${stem}"
${hasStories ? `import * as Stories from "@/components/ui/${stem}.stories"` : "const Stories = {}"}

function pick() {
  const named = ${JSON.stringify(componentName ?? "")}
  if (named && typeof Module[named] === "function") return Module[named]
  if (typeof Module.default === "function") return Module.default
  return Object.values(Module).find((v) => typeof v === "function" && /^[A-Z]/.test(v.name || ""))
}

export function renderAll() {
  const meta = Stories.default ?? {}
  const Component = meta.component ?? pick()
  const stories = Object.entries(Stories).filter(([k, v]) => k !== "default" && v && typeof v === "object")
  if (!stories.length) stories.push(["Default", {}])
  return stories.map(([name, story]) => {
    try {
      const args = { ...(meta.args ?? {}), ...(story.args ?? {}) }
      if (!story.render && !Component) throw new Error("no component to render")
      const element = story.render ? story.render(args) : React.createElement(Component, args)
      return { story: story.name ?? name, html: renderToString(element) }
    } catch (error) {
      return { story: story.name ?? name, error: String(error && error.message || error) }
    }
  })
}
`
}

// One incremental esbuild context per worker: node_modules (React, Radix, the lucide barrel)
// are parsed once and reused; the virtual files are loaded anew on every build.
let context
const current = { files: new Map(), entry: "" }
const ENTRY = path.join(WORKSPACE, "__entry__.tsx")

export async function bundle(files, target, componentName) {
  current.files = files
  current.entry = entry(target.stem, componentName, files.has(target.stories))
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

const workspacePlugin = {
  name: "workspace",
  setup(build) {
    build.onResolve({ filter: /__entry__\.tsx$/ }, () => ({ path: ENTRY, namespace: "workspace" }))
    build.onResolve({ filter: /^@\// }, (args) => {
      const found = find(path.join(WORKSPACE, args.path.slice(2)))
      return found ? { path: found, namespace: "workspace" } : { errors: [{ text: `cannot resolve ${args.path}` }] }
    })
    build.onResolve({ filter: /^\.\.?\//, namespace: "workspace" }, (args) => {
      const found = find(path.resolve(path.dirname(args.importer), args.path))
      return found ? { path: found, namespace: "workspace" } : { errors: [{ text: `cannot resolve ${args.path}` }] }
    })
    build.onLoad({ filter: /.*/, namespace: "workspace" }, (args) => ({
      contents: args.path === ENTRY ? current.entry : current.files.get(args.path),
      loader: args.path.endsWith(".ts") ? "ts" : "tsx",
      resolveDir: path.dirname(args.path),
    }))
  },
}

export async function closeBundler() {
  await context?.dispose()
}
