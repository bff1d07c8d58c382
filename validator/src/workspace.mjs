// The shadcn/ui-shaped project a component is checked in. Library components (patterns/) and
// the component under test are virtual files at paths inside validator/workspace, so that
// module resolution walks up to validator/node_modules like it would in a real project.
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

export const VALIDATOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
export const WORKSPACE = path.join(VALIDATOR, "workspace")
export const PATTERNS = process.env.CF_PATTERNS_DIR || path.resolve(VALIDATOR, "..", "patterns")

/** Where the component under test and its stories live: components/ui/{stem}.tsx, as in a
 * real project, so that stories import it by its own name ("./Button"). */
export function targetPaths(stem) {
  const safe = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(stem ?? "") ? stem : "component"
  const dir = path.join(WORKSPACE, "components", "ui")
  return { stem: safe, component: path.join(dir, `${safe}.tsx`), stories: path.join(dir, `${safe}.stories.tsx`) }
}

/** Virtual files: the library (read once) plus whatever the current request adds. */
export function libraryFiles() {
  const files = new Map()
  for (const part of ["components/ui", "lib"]) {
    const dir = path.join(PATTERNS, part)
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir)) {
      if (/\.(tsx?|ts)$/.test(name)) {
        files.set(path.join(WORKSPACE, part, name), fs.readFileSync(path.join(dir, name), "utf8"))
      }
    }
  }
  return files
}

/** Line (1-based) of a character offset. */
export function lineOf(text, offset) {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
