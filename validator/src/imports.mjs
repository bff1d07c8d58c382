// Which imports a submitted file may make. The submitted files resolve by their "@/" or
// relative names inside the virtual workspace; installed packages by bare name from an
// allowlist; nothing else. Everything is decided on the specifier, before anything is read.
import path from "node:path"

import { VALIDATOR, WORKSPACE } from "./workspace.mjs"

const PACKAGES = new Set([
  "react",
  "react-dom",
  "lucide-react",
  "class-variance-authority",
  "clsx",
  "tailwind-merge",
  "@storybook/react",
])
const SCOPES = new Set(["@radix-ui"])
// A subpath may name a module, never a data file (json, text, css, wasm...).
const SUBPATH = /^(?:\/[A-Za-z0-9_.-]+)*$/
const CODE_FILE = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$/
export const NODE_MODULES = path.join(VALIDATOR, "node_modules")

/** The package a bare specifier names ("@radix-ui/react-slot", "react"), or null. */
function packageOf(specifier) {
  const match = /^((?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*)(.*)$/.exec(specifier)
  return match ? { name: match[1], subpath: match[2] } : null
}

function allowedPackage(specifier) {
  const pkg = packageOf(specifier)
  if (!pkg) return false
  const scope = pkg.name.startsWith("@") ? pkg.name.split("/")[0] : null
  if (!PACKAGES.has(pkg.name) && !(scope && SCOPES.has(scope))) return false
  if (!SUBPATH.test(pkg.subpath) || pkg.subpath.split("/").some((p) => p === "." || p === "..")) {
    return false
  }
  const last = pkg.subpath.split("/").pop()
  return !last.includes(".") || CODE_FILE.test(last)
}

/**
 * Why a submitted file may not import `specifier` (with import attributes `attributes`,
 * from a file at `importer`), or null when it may. Kinds: "workspace", "package".
 */
export function refusal(specifier, importer, attributes = {}) {
  const named = JSON.stringify(specifier)
  if (Object.keys(attributes ?? {}).length) {
    return `import ${named} carries import attributes (${Object.keys(attributes).join(", ")}), which read files as data`
  }
  if (typeof specifier !== "string" || !specifier || /[\0?#\\]/.test(specifier)) {
    return `import ${named} has a query, fragment or character that no module name has`
  }
  if (specifier.startsWith("@/")) {
    const target = path.join(WORKSPACE, specifier.slice(2))
    return inside(target, WORKSPACE) ? null : `import ${named} leaves the workspace`
  }
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
    const target = path.resolve(path.dirname(importer), specifier)
    return inside(target, WORKSPACE) ? null : `import ${named} leaves the workspace`
  }
  if (path.isAbsolute(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return `import ${named} names a file or URL outside the workspace`
  }
  return allowedPackage(specifier) ? null : `import ${named} is not an allowed package`
}

export function inside(target, folder) {
  const relative = path.relative(folder, target)
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)
}

/** Whether an installed file may be loaded: code, inside the validator's node_modules. */
export function loadableInstalledFile(file) {
  return inside(file, NODE_MODULES) && CODE_FILE.test(file)
}
