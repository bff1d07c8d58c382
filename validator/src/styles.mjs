// Tailwind v4, compiled here for the classes a component and the library use, with the shadcn
// theme of styles/theme.css: the CSS a user's project would give the component. The compiler
// loads once; its candidate set only grows, so it is rebuilt once it holds many.
import fs from "node:fs"
import path from "node:path"

import { compile } from "tailwindcss"

import { VALIDATOR } from "./workspace.mjs"

const TAILWIND = path.join(VALIDATOR, "node_modules", "tailwindcss")
const THEME = path.join(VALIDATOR, "styles", "theme.css")
const REBUILD_AFTER = 20000 // candidates

let compiler = null
let seen = 0

async function load(id, base) {
  const file = id === "tailwindcss" ? path.join(TAILWIND, "index.css") : path.resolve(base, id)
  if (!file.startsWith(TAILWIND) && !file.startsWith(path.dirname(THEME))) {
    throw new Error(`refused to load the stylesheet ${id}`)
  }
  return { path: file, base: path.dirname(file), content: fs.readFileSync(file, "utf8") }
}

/** Every string in the sources that could be a class; Tailwind ignores those that are not.
 * `<` and `>` are no separators: an arbitrary variant names a child (`[&>span]:size-4`); a
 * token's own JSX brackets (`<div`, `/>`) are cut off its ends instead. */
export function candidates(sources) {
  const out = new Set()
  for (const text of sources) {
    for (const token of text.split(/[\s"'`{};,\\]+/)) {
      const bare = token.replace(/^[<>/]+|[<>/]+$/g, "")
      for (const t of [token, bare]) {
        if (t.length > 0 && t.length < 200) out.add(t)
      }
    }
  }
  return [...out]
}

/** The stylesheet for these sources (the component, its stories and the primitives). */
export async function stylesheet(sources) {
  const found = candidates(sources)
  if (compiler === null || seen > REBUILD_AFTER) {
    compiler = await compile(fs.readFileSync(THEME, "utf8"), {
      base: path.dirname(THEME),
      loadStylesheet: load,
    })
    seen = 0
  }
  seen += found.length
  return compiler.build(found)
}
